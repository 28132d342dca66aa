// A table as the data explorer needs it: the explorer's description (columns, indexes,
// foreign keys, estimate) plus the engine's extras (auto-increment, rows pointing here),
// and the row identity — the primary key, else a unique key over NOT NULL columns, else
// none: then the table is read-only and says why (no ctid / rowid guessing).
import type { ObjectDetails, TableInfo } from '../protocol/index.ts';
import type { Engine } from '../protocol/index.ts';
import type { TableDataEngine, TableExtras } from './engine.ts';

/** SQL's number type names, as every engine spells them. */
const NUMERIC_TYPE = /^(tiny|small|medium|big)?int|^integer|^numeric|^decimal|^real|^double|^float|serial/i;

export function tableInfo(details: ObjectDetails, extras: TableExtras, engine: TableDataEngine<Engine>): TableInfo {
  const nullable = new Map(details.columns.map((column) => [column.name, column.nullable]));
  const primary = details.columns
    .filter((column) => column.primaryKeyPosition !== null)
    .sort((a, b) => a.primaryKeyPosition! - b.primaryKeyPosition!)
    .map((column) => column.name);
  const unique = details.indexes.find((index) => index.unique && index.columns.length > 0 && index.columns.every((name) => nullable.get(name) === false));
  const isTable = details.kind === 'table';
  const key = !isTable ? null : primary.length ? primary : (unique?.columns ?? null);
  const readOnlyReason = !isTable
    ? `${details.name} is a ${details.kind.replace('_', ' ')}: its rows are shown, not edited.`
    : key
      ? null
      : `${details.name} has no primary key and no unique key over NOT NULL columns, so a row cannot be told apart from an identical one: its rows are read-only here.`;
  return {
    schema: details.schema,
    table: details.name,
    kind: details.kind,
    columns: details.columns.map((column) => ({
      name: column.name,
      dataType: column.dataType,
      nullable: column.nullable,
      default: column.default,
      autoIncrement: extras.autoIncrement.includes(column.name),
      numeric: NUMERIC_TYPE.test(column.dataType),
      binary: engine.isBinary(column.dataType),
      key: key?.includes(column.name) ?? false,
    })),
    key,
    readOnlyReason,
    references: details.foreignKeys.map((fk) => ({ name: fk.name, columns: fk.columns, schema: fk.referencedSchema, table: fk.referencedTable, referencedColumns: fk.referencedColumns })),
    referencedBy: extras.referencedBy,
    estimate: details.rowEstimate,
  };
}
