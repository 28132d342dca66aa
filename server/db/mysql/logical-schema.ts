// The DDL of a MySQL / MariaDB database as the server itself prints it (SHOW CREATE …), for
// the built-in logical dump (used when neither mariadb-dump nor mysqldump is installed).
// Read on the backup's connection, whose default database is the one dumped, so names
// come out unqualified and restore into any database. Covered: tables (keys, foreign
// keys, checks, generated columns, AUTO_INCREMENT), views, functions, procedures,
// triggers and events, each with the sql_mode it was created under (events also with
// their time zone, in which their schedule is written). Not covered (mariadb-dump covers
// it): the character set a routine's client used.
import type { Connection } from 'mysql2/promise';
import type { BackupKind } from '../../protocol/index.ts';
import { quoteIdent, type TableEstimate } from './table-stats.ts';

/** One statement of the dump, in creation order. */
export interface SchemaStatement {
  sql: string;
  /** `DROP … IF EXISTS …` run first, so a restore replaces the object (as mariadb-dump's --add-drop-table). */
  drop?: string;
  /** The sql_mode the object was created under (routines, triggers, events): its body is parsed under it. */
  sqlMode?: string;
  /** An event's time zone: its STARTS / ENDS times are read in it. */
  timeZone?: string;
}

/** How a column's value is written in an INSERT. */
export type ValueKind = 'number' | 'binary' | 'text';

export interface LogicalSchema {
  /** Tables, and each view as a stand-in with its columns (views may use each other in any order). */
  before: SchemaStatement[];
  /** Routines, the views' real definitions, triggers, events: after the data, so no trigger fires on load. */
  after: SchemaStatement[];
  /** Per table, the columns an INSERT fills (generated ones are computed again) and how each is written. */
  columns: Map<string, { name: string; kind: ValueKind }[]>;
}

const NUMBERS = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'decimal', 'numeric', 'float', 'double', 'real']);
const BINARY = new Set(['binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob', 'bit', 'geometry', 'point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon', 'geometrycollection']);

type Row = Record<string, unknown>;

export async function readLogicalSchema(connection: Connection, database: string, tables: TableEstimate[], kind: BackupKind): Promise<LogicalSchema> {
  // By column name (the connection's default is rows as arrays).
  const rows = async (sql: string, params: unknown[] = []) => (await connection.query({ sql, rowsAsArray: false }, params))[0] as Row[];
  const q = quoteIdent;
  const before: SchemaStatement[] = [];
  const after: SchemaStatement[] = [];
  const whole = kind === 'full' || kind === 'schema-only';

  if (kind !== 'data-only') {
    for (const table of tables) {
      const [shown] = await rows(`SHOW CREATE TABLE ${q(table.name)}`);
      before.push({ sql: String(shown!['Create Table']), drop: `DROP TABLE IF EXISTS ${q(table.name)}` });
    }
  }
  if (whole) {
    const views = await rows("SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'VIEW' ORDER BY TABLE_NAME", [database]);
    for (const { name } of views) {
      const view = q(String(name));
      const columns = await rows('SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION', [database, name]);
      // A stand-in with the view's columns, replaced by the real definition once every view exists.
      before.push({ sql: `CREATE VIEW ${view} AS SELECT ${columns.map((c) => `1 AS ${q(String(c.name))}`).join(', ')}`, drop: `DROP VIEW IF EXISTS ${view}` });
    }
    const routines = await rows('SELECT ROUTINE_TYPE AS type, ROUTINE_NAME AS name FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_TYPE, ROUTINE_NAME', [database]);
    for (const { type, name } of routines) {
      const what = String(type) === 'FUNCTION' ? 'FUNCTION' : 'PROCEDURE';
      const [shown] = await rows(`SHOW CREATE ${what} ${q(String(name))}`);
      const sql = shown![`Create ${what === 'FUNCTION' ? 'Function' : 'Procedure'}`];
      // NULL when the user may not read the body: the dump would silently lack it.
      if (sql === null || sql === undefined) throw new Error(`The body of ${what.toLowerCase()} ${String(name)} cannot be read by this user (it needs SELECT on mysql.proc, or to own it).`);
      after.push({ sql: String(sql), drop: `DROP ${what} IF EXISTS ${q(String(name))}`, sqlMode: String(shown!.sql_mode) });
    }
    for (const { name } of views) {
      const [shown] = await rows(`SHOW CREATE VIEW ${q(String(name))}`);
      after.push({ sql: String(shown!['Create View']).replace(/^CREATE /, 'CREATE OR REPLACE ') });
    }
  }
  if (kind !== 'data-only') {
    const names = new Set(tables.map((t) => t.name));
    const triggers = await rows('SELECT TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS tbl FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY EVENT_OBJECT_TABLE, ACTION_ORDER, TRIGGER_NAME', [database]);
    for (const { name, tbl } of triggers) {
      if (!names.has(String(tbl))) continue;
      const [shown] = await rows(`SHOW CREATE TRIGGER ${q(String(name))}`);
      after.push({ sql: String(shown!['SQL Original Statement']), drop: `DROP TRIGGER IF EXISTS ${q(String(name))}`, sqlMode: String(shown!.sql_mode) });
    }
  }
  if (whole) {
    // information_schema lists the events this user may see (the EVENT privilege).
    const events = await rows('SELECT EVENT_NAME AS name FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME', [database]);
    for (const { name } of events) {
      const [shown] = await rows(`SHOW CREATE EVENT ${q(String(name))}`);
      after.push({ sql: String(shown!['Create Event']), drop: `DROP EVENT IF EXISTS ${q(String(name))}`, sqlMode: String(shown!.sql_mode), timeZone: String(shown!.time_zone) });
    }
  }

  const columns = new Map<string, { name: string; kind: ValueKind }[]>();
  const all = await rows(
    `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS name, DATA_TYPE AS type FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = ? AND EXTRA NOT LIKE '%VIRTUAL GENERATED%' AND EXTRA NOT LIKE '%STORED GENERATED%' ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [database],
  );
  for (const c of all) {
    const type = String(c.type).toLowerCase();
    const list = columns.get(String(c.tbl)) ?? [];
    list.push({ name: String(c.name), kind: NUMBERS.has(type) ? 'number' : BINARY.has(type) ? 'binary' : 'text' });
    columns.set(String(c.tbl), list);
  }
  return { before, after, columns };
}
