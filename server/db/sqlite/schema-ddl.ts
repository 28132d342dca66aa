// The DDL the schema diff writes for SQLite. ALTER TABLE only adds and renames, so any other
// change to a table rebuilds it (https://www.sqlite.org/lang_altertable.html#otheralter):
// the rows of the columns both share are copied aside into a TEMP table, the old table is
// dropped, the new one created under its own name, the rows copied back and its indexes
// re-created — with foreign keys off around the script (a PRAGMA that only takes effect
// outside a transaction, so such a script runs outside one). Unlike the documented order
// (create under a temporary name, then rename), nothing is renamed: RENAME rewrites the
// stored CREATE text (the name comes back quoted), and tables, indexes and views are
// created from the source's own CREATE text so that SQLite's dump of the schema
// (sqlite_schema.sql) ends as the source's. Views that mention a rebuilt table are dropped
// first and re-created by the plan.
import type { ModelColumn, ModelForeignKey, ModelIndex, ModelTable } from '../../protocol/index.ts';
import { withoutText } from '../../schema-diff/compare.ts';
import type { Names, SchemaDdl, TableChange } from '../../schema-diff/engine.ts';
import { addedColumnTexts } from './create-text.ts';

function columnSql(column: ModelColumn, names: Names, inlineKey: boolean): string {
  return [
    names.id(column.name),
    column.type,
    inlineKey ? 'PRIMARY KEY AUTOINCREMENT' : '',
    column.nullable ? '' : 'NOT NULL',
    column.default === null ? '' : `DEFAULT ${column.default}`,
  ].filter(Boolean).join(' ');
}

const list = (columns: string[], names: Names) => columns.map((c) => names.id(c)).join(', ');

function foreignKeySql(key: ModelForeignKey, names: Names): string {
  const refs = key.refColumns.length ? ` (${list(key.refColumns, names)})` : '';
  return `${key.name ? `CONSTRAINT ${names.id(key.name)} ` : ''}FOREIGN KEY (${list(key.columns, names)}) REFERENCES ${names.id(key.refTable)}${refs}` +
    `${key.onDelete === 'NO ACTION' ? '' : ` ON DELETE ${key.onDelete}`}${key.onUpdate === 'NO ACTION' ? '' : ` ON UPDATE ${key.onUpdate}`}`;
}

/** The object's own CREATE text, where it has one and is created in the session's schema (the text names no schema). */
const ownText = (object: { name: string; sql?: string | undefined }, names: Names) =>
  object.sql !== undefined && names.object(object.name) === names.id(object.name) ? object.sql : undefined;

function createTableSql(table: ModelTable, names: Names): string {
  const own = ownText(table, names);
  if (own !== undefined) return own;
  const auto = table.columns.find((c) => c.identity === 'auto-increment');
  const parts = table.columns.map((c) => columnSql(c, names, c === auto));
  if (table.primaryKey && !auto) parts.push(`PRIMARY KEY (${list(table.primaryKey.columns.map(stripDesc), names)})`);
  for (const unique of table.uniques) parts.push(`${unique.name ? `CONSTRAINT ${names.id(unique.name)} ` : ''}UNIQUE (${list(unique.columns.map(stripDesc), names)})`);
  for (const check of table.checks) parts.push(`${check.name ? `CONSTRAINT ${names.id(check.name)} ` : ''}${check.definition}`);
  for (const key of table.foreignKeys) parts.push(foreignKeySql(key, names));
  return `CREATE TABLE ${names.object(table.name)} (\n  ${parts.join(',\n  ')}\n)`;
}

const stripDesc = (column: string) => column.replace(/ DESC$/, '');

/** Columns ALTER TABLE ADD COLUMN can add: no key, and a default SQLite accepts there (constant, or none on a nullable column). */
function addable(column: ModelColumn, table: ModelTable): boolean {
  if (table.primaryKey?.columns.includes(column.name) || table.uniques.some((u) => u.columns.includes(column.name))) return false;
  if (column.identity) return false;
  if (column.default !== null && /^\(|CURRENT_/i.test(column.default)) return false;
  return column.nullable || column.default !== null;
}

function sameExceptAddedColumns({ current, desired }: TableChange): ModelColumn[] | null {
  const had = new Map(current.columns.map((c) => [c.name, c]));
  if (current.columns.some((c) => JSON.stringify(desired.columns.find((d) => d.name === c.name)) !== JSON.stringify(c))) return null;
  const added = desired.columns.filter((c) => !had.has(c.name));
  if (!added.every((c) => addable(c, desired))) return null;
  const rest = (t: ModelTable) => JSON.stringify({ ...withoutText(t), columns: [], indexes: [] });
  return rest(current) === rest(desired) ? added : null;
}

const indexShape = ({ sql: _sql, ...shape }: ModelIndex) => JSON.stringify(shape);

/** ADD COLUMN statements for the added columns, written so that the stored CREATE text ends as the desired one; null when it cannot (rebuild). */
function addColumns({ current, desired }: TableChange, added: ModelColumn[], names: Names): string[] | null {
  const prefix = `ALTER TABLE ${names.object(desired.name)} ADD COLUMN `;
  const wanted = ownText(desired, names);
  if (wanted === undefined) return added.map((c) => prefix + columnSql(c, names, false));
  const texts = current.sql === undefined ? null : addedColumnTexts(current.sql, wanted, added.map((c) => c.name));
  return texts && texts.map((text) => prefix + text);
}

export const sqliteSchemaDdl: SchemaDdl = {
  inlineForeignKeys: true,
  // A dropped (or rebuilt) table would otherwise be emptied first, firing its children's ON DELETE actions.
  wrap: (statements) => (statements.some((s) => s.startsWith('DROP TABLE')) ? ['PRAGMA foreign_keys = OFF', ...statements, 'PRAGMA foreign_keys = ON'] : statements),
  createTable: (table, names) => [createTableSql(table, names)],
  dropTable: (table, names) => [`DROP TABLE ${names.object(table.name)}`],
  alterTable(change, names) {
    const { current, desired } = change;
    const added = sameExceptAddedColumns(change);
    const indexStatements = (before: ModelIndex[], after: ModelIndex[]) => {
      const out: string[] = [];
      for (const index of before) {
        const still = after.find((i) => i.name === index.name);
        if (!still || indexShape(still) !== indexShape(index)) out.push(this.dropIndex(current.name, index, names));
      }
      for (const index of after) {
        const was = before.find((i) => i.name === index.name);
        if (!was || indexShape(was) !== indexShape(index)) out.push(this.createIndex(desired.name, index, names));
      }
      return out;
    };
    const adding = added && addColumns(change, added, names);
    if (adding) return [...adding, ...indexStatements(current.indexes, desired.indexes)];
    const aside = `temp.${names.id(`${desired.name}__dbt_rows`)}`;
    const shared = list(desired.columns.filter((c) => current.columns.some((o) => o.name === c.name)).map((c) => c.name), names);
    return [
      ...(shared ? [`CREATE TEMP TABLE ${aside} AS SELECT ${shared} FROM ${names.object(current.name)}`] : []),
      `DROP TABLE ${names.object(current.name)}`,
      createTableSql(desired, names),
      ...(shared ? [`INSERT INTO ${names.object(desired.name)} (${shared}) SELECT ${shared} FROM ${aside}`, `DROP TABLE ${aside}`] : []),
      ...desired.indexes.map((index) => this.createIndex(desired.name, index, names)),
    ];
  },
  createIndex: (table, index, names) => ownText(index, names) ?? `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${names.object(index.name)} ON ${names.id(table)} ${index.definition}`,
  dropIndex: (_table, index, names) => `DROP INDEX ${names.object(index.name)}`,
  createView: (view, names) => ownText(view, names) ?? `CREATE VIEW ${names.object(view.name)} AS ${view.definition}`,
  dropView: (view, names) => `DROP VIEW ${names.object(view.name)}`,
};
