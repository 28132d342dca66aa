// From an import request to what the job does: the table and its columns, where each
// column's values come from and what they must be, and for a new table the CREATE TABLE
// statement (shown to the user before they start). Every name is checked here, so a bad
// request is answered at once instead of becoming a failed job.
import type { Driver } from '../db/driver.ts';
import { AppError, BadRequestError, NotFoundError } from '../errors.ts';
import { quoteIdentifier, type Dialect, type ImportPlan, type ImportTarget, type SourceColumn } from '../protocol/index.ts';
import type { Engine } from '../protocol/index.ts';
import type { EngineImport } from './engine.ts';

export interface ResolvedPlan extends ImportPlan {
  schema: string;
  table: string;
  /** "schema"."table" as the dialect writes it. */
  qualified: string;
}

export async function planImport(driver: Driver, engine: EngineImport<Engine>, target: ImportTarget, sources: SourceColumn[]): Promise<ResolvedPlan> {
  const dialect = driver.dialect;
  const qualified = qualify(dialect, target.schema, target.table);
  const existing = await driver.describe(target.schema, target.table).catch((error: unknown) => {
    if (error instanceof NotFoundError) return null;
    throw error;
  });
  const checkSource = (source: number) => {
    if (source >= sources.length) throw new BadRequestError(`The file has ${sources.length} columns; there is no column ${source + 1}.`);
  };

  if (target.type === 'new') {
    if (existing) throw new AppError('exists', `${qualified} already exists: import into it as an existing table, or choose a new name.`, 409);
    const names = new Set<string>();
    for (const column of target.columns) {
      checkSource(column.source);
      if (names.has(column.name.toLowerCase())) throw new BadRequestError(`Two columns are named "${column.name}".`);
      names.add(column.name.toLowerCase());
    }
    const columns = target.columns.map((c) => ({ column: c.name, type: c.type, sqlType: engine.sqlType(c.type), source: c.source }));
    const body = columns.map((c) => `  ${quoteIdentifier(dialect, c.column)} ${c.sqlType}`).join(',\n');
    return { schema: target.schema, table: target.table, qualified, createSql: `CREATE TABLE ${qualified} (\n${body}\n)`, tableColumns: [], columns };
  }

  if (!existing) throw new NotFoundError(`There is no table ${qualified}.`);
  if (existing.kind !== 'table') throw new BadRequestError(`${qualified} is a ${existing.kind}; import into a table.`);
  const tableColumns = existing.columns.map((c) => ({ name: c.name, sqlType: c.dataType, type: engine.classify(c.dataType), nullable: c.nullable }));
  const mapping = target.mapping ?? defaultMapping(tableColumns.map((c) => c.name), sources);
  if (!mapping.length) throw new BadRequestError(`No column of the file matches a column of ${qualified}; map them.`);
  const seen = new Set<string>();
  const columns = mapping.map(({ column, source }) => {
    checkSource(source);
    const found = tableColumns.find((c) => c.name === column);
    if (!found) throw new BadRequestError(`${qualified} has no column "${column}".`);
    if (seen.has(column)) throw new BadRequestError(`Column "${column}" is mapped twice.`);
    seen.add(column);
    return { column, type: found.type, sqlType: found.sqlType, source };
  });
  return { schema: target.schema, table: target.table, qualified, createSql: null, tableColumns, columns };
}

/** Same names (ignoring case and punctuation); when none match, by position. */
function defaultMapping(tableColumns: string[], sources: SourceColumn[]): { column: string; source: number }[] {
  const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const byName = tableColumns.flatMap((column) => {
    const source = sources.findIndex((s) => key(s.name) === key(column) || s.sanitized === column);
    return source >= 0 ? [{ column, source }] : [];
  });
  if (byName.length) return byName;
  return tableColumns.slice(0, sources.length).map((column, source) => ({ column, source }));
}

function qualify(dialect: Dialect, schema: string, table: string): string {
  const name = quoteIdentifier(dialect, table);
  return schema && schema !== dialect.defaultSchema ? `${quoteIdentifier(dialect, schema)}.${name}` : name;
}
