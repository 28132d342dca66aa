// Result values and column types. Cells are the server's own text output for every type
// (no parsing at all), which is exactly what psql prints. Column types are names from
// pg_type: the built-in ones known in advance (built-in-types.ts), others looked up by OID
// once per driver.
import type { CustomTypesConfig, FieldDef } from 'pg';
import type { ResultColumn } from '../../protocol/index.ts';
import { BUILT_IN_TYPES } from './built-in-types.ts';

/** Every value stays the text the server sent. */
export const RAW_TEXT = { getTypeParser: () => (text: string) => text } as unknown as CustomTypesConfig;

/** Types the grid right-aligns and sorts as numbers (money and reg* types print text). */
const NUMERIC_TYPES = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid']);

interface TypeInfo {
  name: string;
  numeric: boolean;
}

/** Types by OID ($1). Arrays read as "int4[]". (Domains never show up here: the server describes their values by the base type.) */
export const TYPE_NAMES_SQL = `SELECT t.oid::int AS oid, t.typname,
       CASE WHEN t.typcategory = 'A' AND e.oid IS NOT NULL THEN e.typname || '[]' ELSE t.typname END AS name
  FROM pg_type t LEFT JOIN pg_type e ON e.oid = t.typelem
 WHERE t.oid = ANY($1::oid[])`;

type Query = <Row>(sql: string, params: unknown[]) => Promise<Row[]>;

export class TypeCatalog {
  readonly #query: Query;
  readonly #known = new Map<number, TypeInfo>([...BUILT_IN_TYPES].map(([oid, name]) => [oid, { name, numeric: NUMERIC_TYPES.has(name) }]));

  constructor(query: Query) {
    this.#query = query;
  }

  async columns(fields: FieldDef[]): Promise<ResultColumn[]> {
    const missing = [...new Set(fields.map((f) => f.dataTypeID))].filter((oid) => !this.#known.has(oid));
    if (missing.length > 0) await this.#lookUp(missing);
    return fields.map((field) => {
      const type = this.#known.get(field.dataTypeID);
      return { name: field.name, type: type?.name ?? String(field.dataTypeID), numeric: type?.numeric ?? false };
    });
  }

  async #lookUp(oids: number[]): Promise<void> {
    const rows = await this.#query<{ oid: number; name: string; typname: string }>(TYPE_NAMES_SQL, [oids]).catch(() => []); // a type created in the session's open transaction is not visible yet
    for (const row of rows) this.#known.set(row.oid, { name: row.name, numeric: NUMERIC_TYPES.has(row.typname) });
  }
}
