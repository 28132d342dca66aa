// pg-cursor ships no type declarations; this covers what postgres/session.ts uses.
declare module 'pg-cursor' {
  import type { Connection, CustomTypesConfig, FieldDef, Submittable } from 'pg';

  interface CursorConfig {
    rowMode?: 'array';
    types?: CustomTypesConfig;
  }

  interface CursorResult {
    fields: FieldDef[];
    command: string | null;
    rowCount: number | null;
  }

  class Cursor<Row = unknown[]> implements Submittable {
    constructor(text: string, values?: unknown[] | null, config?: CursorConfig);
    submit(connection: Connection): void;
    /** Reads up to `rows` rows; fewer means the statement has finished. */
    read(rows: number, callback: (error: Error | undefined, rows: Row[], result: CursorResult) => void): void;
    close(): Promise<void>;
    handleCommandComplete(message: { text: string }): void;
  }

  export default Cursor;
}
