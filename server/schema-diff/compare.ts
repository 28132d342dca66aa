// Compares two models of the same engine: every difference as one item (what the source
// has, what the target has), and — when drops are not allowed — the model the target can
// become without dropping anything only it has (those drops are listed as skipped).
import type { DiffItem, DiffObjectKind, ModelTable, SchemaModel } from '../protocol/index.ts';
import { checkText, columnText, enumText, foreignKeyText, indexText, keyText, sequenceText, squash } from './describe.ts';

interface Pair<T> {
  key: string;
  source: T | undefined;
  target: T | undefined;
}

/** Objects of both lists matched by key, in source order then the target's extra ones. */
export function pairs<T>(source: readonly T[], target: readonly T[], keyOf: (item: T) => string): Pair<T>[] {
  const byKey = new Map<string, Pair<T>>();
  for (const item of source) byKey.set(keyOf(item), { key: keyOf(item), source: item, target: undefined });
  for (const item of target) {
    const key = keyOf(item);
    const pair = byKey.get(key);
    if (pair) pair.target = item;
    else byKey.set(key, { key, source: undefined, target: item });
  }
  return [...byKey.values()];
}

/** A table without the engine's CREATE texts (its own and its indexes'): what two tables are compared by. */
export function withoutText(table: ModelTable): ModelTable {
  const { sql: _table, ...shape } = table;
  return { ...shape, indexes: table.indexes.map(({ sql: _index, ...index }) => index) };
}

/** Sub-objects without a name (SQLite's constraints) are known by their definition. */
export const namedOr = <T extends { name: string | null }>(text: (item: T) => string) => (item: T) => item.name ?? `=${text(item)}`;

export function compareModels(source: SchemaModel, target: SchemaModel): DiffItem[] {
  const items: DiffItem[] = [];
  const push = <T>(kind: DiffObjectKind, table: string, list: Pair<T>[], text: (item: T) => string, destructive: (p: Pair<T>) => boolean, name: (p: Pair<T>) => string) => {
    for (const p of list) {
      const s = p.source === undefined ? null : text(p.source);
      const t = p.target === undefined ? null : text(p.target);
      if (s === t) continue;
      const change = s === null ? 'removed' : t === null ? 'added' : 'changed';
      items.push({ key: `${kind}:${kind === 'table' || kind === 'view' || kind === 'enum' || kind === 'sequence' ? '' : `${table}.`}${p.key}`, kind, table, name: name(p), change, source: s, target: t, destructive: destructive(p) });
    }
  };
  const byName = (item: { name: string }) => item.name;
  const nameOf = (p: Pair<{ name: string | null }>) => p.source?.name ?? p.target?.name ?? p.key.replace(/^=/, '');

  for (const p of pairs(source.tables, target.tables, byName)) {
    if (!p.source || !p.target) {
      push('table', p.key, [p], (t) => `${t.columns.length} columns`, () => !p.source, () => p.key);
      continue;
    }
    compareTable(p.source, p.target, (kind, list, text, destructive) => push(kind, p.key, list, text, destructive, nameOf));
  }
  push('view', '', pairs(source.views, target.views, byName), (v) => squash(v.definition), () => false, nameOf);
  for (const item of items) if (item.kind === 'view') item.table = item.name;
  const enums = pairs(source.enums, target.enums, byName);
  push('enum', '', enums, enumText, (p) => !p.source || !!p.target?.values.some((v) => !p.source!.values.includes(v)), nameOf);
  push('sequence', '', pairs(source.sequences, target.sequences, byName), sequenceText, (p) => !p.source, nameOf);
  for (const item of items) if (item.kind === 'enum' || item.kind === 'sequence') item.table = `(${item.kind}s)`;
  return items;
}

type Push = <T extends { name: string | null }>(kind: DiffObjectKind, list: Pair<T>[], text: (item: T) => string, destructive: (p: Pair<T>) => boolean) => void;

function compareTable(source: ModelTable, target: ModelTable, push: Push): void {
  push('column', pairs(source.columns, target.columns, (c) => c.name), columnText, (p) => !p.source || (!!p.target && p.source.type !== p.target.type));
  const pk = (t: ModelTable) => (t.primaryKey ? [t.primaryKey] : []);
  push('primary-key', pairs(pk(source), pk(target), () => 'PRIMARY KEY'), keyText, () => false);
  push('unique', pairs(source.uniques, target.uniques, namedOr(keyText)), keyText, () => false);
  push('index', pairs(source.indexes, target.indexes, (i) => i.name), indexText, () => false);
  push('foreign-key', pairs(source.foreignKeys, target.foreignKeys, namedOr(foreignKeyText)), foreignKeyText, () => false);
  push('check', pairs(source.checks, target.checks, namedOr(checkText)), checkText, () => false);
}

/**
 * The source with everything only the target has put back: the schema the target becomes
 * when drops are not allowed. Returns it and a line per drop left out.
 */
export function keepTargetOnly(source: SchemaModel, target: SchemaModel): { desired: SchemaModel; skipped: string[] } {
  const skipped: string[] = [];
  const keep = <T>(what: string, from: readonly T[], into: readonly T[], keyOf: (item: T) => string): T[] => {
    const have = new Set(into.map(keyOf));
    const extra = from.filter((item) => !have.has(keyOf(item)));
    for (const item of extra) skipped.push(`${what} ${keyOf(item).replace(/^=/, '')}`);
    return [...into, ...extra];
  };
  const byName = (item: { name: string }) => item.name;
  const targetTables = new Map(target.tables.map((t) => [t.name, t]));
  const tables = source.tables.map((table): ModelTable => {
    const old = targetTables.get(table.name);
    if (!old) return table;
    const of = `of ${table.name}`;
    const kept: ModelTable = {
      ...table,
      columns: keep(`DROP COLUMN ${of}:`, old.columns, table.columns, byName),
      primaryKey: table.primaryKey ?? (old.primaryKey && (skipped.push(`DROP PRIMARY KEY of ${table.name}`), old.primaryKey)),
      uniques: keep(`DROP UNIQUE ${of}:`, old.uniques, table.uniques, namedOr(keyText)),
      indexes: keep(`DROP INDEX ${of}:`, old.indexes, table.indexes, byName),
      foreignKeys: keep(`DROP FOREIGN KEY ${of}:`, old.foreignKeys, table.foreignKeys, namedOr(foreignKeyText)),
      checks: keep(`DROP CHECK ${of}:`, old.checks, table.checks, namedOr(checkText)),
    };
    // With anything of the target's kept, the source's CREATE text no longer describes the table.
    const { sql: _sql, ...generated } = kept;
    return JSON.stringify(withoutText(kept)) === JSON.stringify(withoutText(table)) ? kept : generated;
  });
  const enums = source.enums.map((value) => {
    const old = target.enums.find((e) => e.name === value.name);
    const removed = old?.values.filter((v) => !value.values.includes(v)) ?? [];
    for (const v of removed) skipped.push(`DROP VALUE of enum ${value.name}: '${v}'`);
    return removed.length ? { ...value, values: [...value.values, ...removed] } : value;
  });
  return {
    desired: {
      ...source,
      tables: keep('DROP TABLE', target.tables, tables, byName),
      views: keep('DROP VIEW', target.views, source.views, byName),
      enums: keep('DROP TYPE', target.enums, enums, byName),
      sequences: keep('DROP SEQUENCE', target.sequences, source.sequences, byName),
    },
    skipped,
  };
}
