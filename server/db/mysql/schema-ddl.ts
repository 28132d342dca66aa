// The DDL the schema diff writes for MySQL / MariaDB: one ALTER TABLE per changed table
// with every clause (the server applies them together, so a primary key and the
// AUTO_INCREMENT that needs it change at once); foreign keys apart (DROP FOREIGN KEY).
import type { ModelColumn, ModelForeignKey, ModelIndex, ModelKey, ModelTable } from '../../protocol/index.ts';
import { pairs } from '../../schema-diff/compare.ts';
import type { Names, SchemaDdl } from '../../schema-diff/engine.ts';

const list = (columns: string[], names: Names) => columns.map((c) => names.id(c)).join(', ');
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function columnSql(column: ModelColumn, names: Names): string {
  return [names.id(column.name), column.type, column.nullable ? 'NULL' : 'NOT NULL', column.default === null ? '' : `DEFAULT ${column.default}`,
    column.identity === 'auto-increment' ? 'AUTO_INCREMENT' : ''].filter(Boolean).join(' ');
}

/** "UNIQUE INDEX `i` (…)", "FULLTEXT INDEX `i` (…)", "INDEX `i` (…)". */
function indexClause(index: ModelIndex, names: Names): string {
  const kind = /^(FULLTEXT|SPATIAL) /.exec(index.definition);
  const columns = kind ? index.definition.slice(kind[0].length) : index.definition;
  return `${kind ? kind[1] + ' ' : index.unique ? 'UNIQUE ' : ''}INDEX ${names.id(index.name)} ${columns}`;
}

/** Where an added column goes: after the column it follows in the desired table, so the table reads as the source's (not appended at the end). */
function placeOf(column: ModelColumn, desired: ModelTable, names: Names): string {
  const before = desired.columns[desired.columns.indexOf(column) - 1];
  return before ? `AFTER ${names.id(before.name)}` : 'FIRST';
}

const primaryKeySql = (key: ModelKey, names: Names) => `PRIMARY KEY (${list(key.columns, names)})`;
const checkSql = (check: { name: string | null; definition: string }, names: Names) => `${check.name ? `CONSTRAINT ${names.id(check.name)} ` : ''}${check.definition}`;

export const mysqlSchemaDdl: SchemaDdl = {
  inlineForeignKeys: false,
  inSchema: (schema, sessionSchema, names) => ({ before: `USE ${names.id(schema)}`, after: sessionSchema ? `USE ${names.id(sessionSchema)}` : '' }),
  createTable(table, names) {
    const parts = table.columns.map((c) => columnSql(c, names));
    if (table.primaryKey) parts.push(primaryKeySql(table.primaryKey, names));
    for (const check of table.checks) parts.push(checkSql(check, names));
    return [`CREATE TABLE ${names.object(table.name)} (\n  ${parts.join(',\n  ')}\n)`];
  },
  dropTable: (table, names) => [`DROP TABLE ${names.object(table.name)}`],
  alterTable({ current, desired }, names) {
    const drops: string[] = [];
    const changes: string[] = [];
    const adds: string[] = [];
    const pk = (table: ModelTable) => (table.primaryKey ? [table.primaryKey] : []);
    for (const p of pairs(pk(current), pk(desired), () => 'pk')) {
      if (same(p.source, p.target)) continue;
      if (p.source) drops.push('DROP PRIMARY KEY');
      if (p.target) adds.push(`ADD ${primaryKeySql(p.target, names)}`);
    }
    for (const p of pairs(current.checks, desired.checks, (c) => c.name ?? c.definition)) {
      if (same(p.source, p.target)) continue;
      if (p.source?.name) drops.push(`DROP CONSTRAINT ${names.id(p.source.name)}`);
      if (p.target) adds.push(`ADD ${checkSql(p.target, names)}`);
    }
    for (const p of pairs(current.indexes, desired.indexes, (i) => i.name)) {
      if (same(p.source, p.target)) continue;
      if (p.source) drops.push(`DROP INDEX ${names.id(p.source.name)}`);
      if (p.target) adds.push(`ADD ${indexClause(p.target, names)}`);
    }
    for (const p of pairs(current.columns, desired.columns, (c) => c.name)) {
      if (!p.target) changes.push(`DROP COLUMN ${names.id(p.key)}`);
      else if (!p.source) changes.push(`ADD COLUMN ${columnSql(p.target, names)} ${placeOf(p.target, desired, names)}`);
      else if (!same(p.source, p.target)) changes.push(`MODIFY COLUMN ${columnSql(p.target, names)}`);
    }
    const clauses = [...drops, ...changes, ...adds];
    return clauses.length ? [`ALTER TABLE ${names.object(desired.name)}\n  ${clauses.join(',\n  ')}`] : [];
  },
  createIndex: (table, index, names) => `ALTER TABLE ${names.object(table)} ADD ${indexClause(index, names)}`,
  dropIndex: (table, index, names) => `ALTER TABLE ${names.object(table)} DROP INDEX ${names.id(index.name)}`,
  addForeignKey: (table: string, key: ModelForeignKey, names: Names) =>
    `ALTER TABLE ${names.object(table)} ADD ${key.name ? `CONSTRAINT ${names.id(key.name)} ` : ''}FOREIGN KEY (${list(key.columns, names)}) REFERENCES ${names.object(key.refTable)} (${list(key.refColumns, names)})` +
    ` ON DELETE ${key.onDelete} ON UPDATE ${key.onUpdate}`,
  dropForeignKey: (table, key, names) => `ALTER TABLE ${names.object(table)} DROP FOREIGN KEY ${names.id(key.name ?? '')}`,
  createView: (view, names) => `CREATE VIEW ${names.object(view.name)} AS ${view.definition}`,
  dropView: (view, names) => `DROP VIEW ${names.object(view.name)}`,
};
