// The script that turns one model (the target as it is) into another (what it should be),
// in an order every engine accepts: views that may depend on what changes go first, then
// foreign keys, types and sequences, tables, and everything that references others last.
// The engine writes each statement (engine.ts); nothing here knows an engine's name.
import type { ModelForeignKey, ModelTable, ModelView, SchemaModel } from '../protocol/index.ts';
import { namedOr, pairs, withoutText } from './compare.ts';
import { foreignKeyText } from './describe.ts';
import type { Names, SchemaDdl } from './engine.ts';

export interface Plan {
  statements: string[];
  warnings: string[];
}

const byName = (item: { name: string }) => item.name;
const fkKey = namedOr(foreignKeyText);

/** A table's shape for comparison: column order does not matter, nor its CREATE text, nor (for engines that add them apart) foreign keys. */
function tableShape(table: ModelTable, withForeignKeys: boolean): string {
  const columns = [...table.columns].sort((a, b) => a.name.localeCompare(b.name));
  return JSON.stringify({ ...withoutText(table), columns, foreignKeys: withForeignKeys ? table.foreignKeys : [] });
}

const mentions = (definition: string, name: string): boolean =>
  new RegExp(`(^|[^\\w$])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w$])`, 'i').test(definition);

export function planMigration(current: SchemaModel, desired: SchemaModel, ddl: SchemaDdl, names: Names): Plan {
  const warnings: string[] = [];
  const early: string[] = [];
  const late: string[] = [];
  const tables = pairs(current.tables, desired.tables, byName);
  const changed = tables.filter((p) => p.source && p.target && tableShape(p.source, ddl.inlineForeignKeys) !== tableShape(p.target, ddl.inlineForeignKeys));
  const removedTables = tables.filter((p) => p.source && !p.target).map((p) => p.source!);
  const addedTables = tables.filter((p) => !p.source && p.target).map((p) => p.target!);

  // Views: the changed and removed ones, and any that mention a table or view that changes, are dropped first; the desired ones among them come back last.
  const touched = new Set([...changed.map((p) => p.key), ...removedTables.map((t) => t.name)]);
  const desiredViews = new Map(desired.views.map((v) => [v.name, v]));
  const dropViews: ModelView[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const view of current.views) {
      if (dropViews.includes(view)) continue;
      const wanted = desiredViews.get(view.name);
      if (!wanted || wanted.definition !== view.definition || [...touched].some((name) => mentions(view.definition, name))) {
        dropViews.push(view);
        touched.add(view.name);
        grew = true;
      }
    }
  }
  // Dropped in reverse order of dependency: a view that mentions another goes first.
  dropViews.sort((a, b) => Number(mentions(b.definition, a.name)) - Number(mentions(a.definition, b.name)));
  early.push(...dropViews.map((v) => ddl.dropView(v, names)));
  const currentViewNames = new Set(current.views.map((v) => v.name));
  const createViews = desired.views.filter((v) => !currentViewNames.has(v.name) || dropViews.some((d) => d.name === v.name));

  // Foreign keys added apart from their tables: drop the changed and removed ones (and those of dropped tables) first, add the new ones last.
  const addForeignKeys: { table: string; key: ModelForeignKey }[] = [];
  if (!ddl.inlineForeignKeys) {
    for (const p of tables) {
      for (const fk of pairs(p.source?.foreignKeys ?? [], p.target?.foreignKeys ?? [], fkKey)) {
        const same = fk.source && fk.target && foreignKeyText(fk.source) === foreignKeyText(fk.target);
        if (fk.source && !same) early.push(ddl.dropForeignKey!(p.key, fk.source, names));
        if (fk.target && !same) addForeignKeys.push({ table: p.key, key: fk.target });
      }
    }
  }

  // Types and sequences before the tables that use them; the removed ones after.
  for (const p of pairs(current.enums, desired.enums, byName)) {
    if (!p.source) early.push(...ddl.createEnum!(p.target!, names));
    else if (!p.target) late.push(...ddl.dropEnum!(p.source, names));
    else if (p.source.values.join('\n') !== p.target.values.join('\n')) {
      const users = current.tables.flatMap((t) =>
        t.columns.filter((c) => c.type === p.key || c.type.endsWith(`.${p.key}`) || c.type === `"${p.key}"`).map((c) => ({ table: t.name, column: c.name, default: c.default })),
      );
      const lost = p.source.values.filter((v) => !p.target!.values.includes(v));
      if (lost.length) warnings.push(`Enum ${p.key} loses ${lost.map((v) => `'${v}'`).join(', ')}: it is re-created, and rows holding a lost value make the script fail.`);
      early.push(...ddl.alterEnum!(p.source, p.target, users, names));
    }
  }
  for (const p of pairs(current.sequences, desired.sequences, byName)) {
    if (!p.source) early.push(...ddl.createSequence!(p.target!, names));
    else if (!p.target) late.push(...ddl.dropSequence!(p.source, names)), warnings.push(`Drops sequence ${p.key}: its current value is lost.`);
    else if (JSON.stringify(p.source) !== JSON.stringify(p.target)) early.push(...ddl.alterSequence!(p.source, p.target, names));
  }

  const body: string[] = [];
  for (const table of addedTables) {
    body.push(...ddl.createTable(table, names));
    for (const index of table.indexes) body.push(ddl.createIndex(table.name, index, names));
  }
  for (const p of changed) {
    tableWarnings(p.source!, p.target!, warnings);
    body.push(...ddl.alterTable({ current: p.source!, desired: p.target! }, names));
  }
  for (const table of removedTables) {
    warnings.push(`Drops table ${table.name}: its rows are lost.`);
    body.push(...ddl.dropTable(table, names));
  }
  if (removedTables.length && addedTables.length) {
    warnings.push(`Tables ${removedTables.map((t) => t.name).join(', ')} are dropped and ${addedTables.map((t) => t.name).join(', ')} created: if one is a rename, edit the script to rename it and keep its rows.`);
  }

  const statements = [...early, ...body, ...late, ...addForeignKeys.map((f) => ddl.addForeignKey!(f.table, f.key, names))];
  // Created in order of dependency: a view that another mentions comes first.
  const ordered: ModelView[] = [];
  const pending = [...createViews];
  while (pending.length) {
    const index = pending.findIndex((v) => !pending.some((o) => o !== v && mentions(v.definition, o.name)));
    ordered.push(...pending.splice(index === -1 ? 0 : index, 1));
  }
  statements.push(...ordered.map((v) => ddl.createView(v, names)));
  return { statements: statements.length && ddl.wrap ? ddl.wrap(statements) : statements, warnings };
}

function tableWarnings(current: ModelTable, desired: ModelTable, warnings: string[]): void {
  const columns = pairs(current.columns, desired.columns, byName);
  const dropped = columns.filter((p) => p.source && !p.target).map((p) => p.key);
  const added = columns.filter((p) => !p.source && p.target).map((p) => p.key);
  for (const name of dropped) warnings.push(`Drops column ${current.name}.${name}: its values are lost.`);
  if (dropped.length && added.length) {
    warnings.push(`${current.name}: ${dropped.join(', ')} dropped and ${added.join(', ')} added — if it is a rename, edit the script to rename the column and keep its values.`);
  }
  for (const p of columns) {
    if (!p.source || !p.target) continue;
    if (p.source.type !== p.target.type) warnings.push(`Changes ${current.name}.${p.key} from ${p.source.type} to ${p.target.type}: values that do not fit make the script fail or are cut.`);
    if (p.source.nullable && !p.target.nullable) warnings.push(`Makes ${current.name}.${p.key} NOT NULL: the script fails if a row holds NULL there.`);
  }
}
