// A schema diff from two models: the differences, and the up and down scripts in the
// target's dialect. Up makes the target equal to the source (or, without drops allowed,
// to the source plus what only the target has); down makes it what it was.
import { quoteIdentifier, dialectOf, type SchemaDiffResult, type SchemaModel } from '../protocol/index.ts';
import { compareModels, keepTargetOnly } from './compare.ts';
import type { Names, SchemaDiffEngine } from './engine.ts';
import { planMigration } from './plan.ts';

export interface DiffOptions {
  allowDrops: boolean;
  /** The target session's own schema: names there are written unqualified. */
  sessionSchema: string;
}

export function namesFor(model: SchemaModel, sessionSchema: string): Names {
  const dialect = dialectOf(model.engine);
  const id = (name: string) => quoteIdentifier(dialect, name);
  return { id, object: model.schema === sessionSchema ? id : (name) => `${id(model.schema)}.${id(name)}` };
}

/** Statements as a script, warnings first as comments. */
export function toScript(statements: string[], warnings: string[]): string {
  const notes = warnings.map((w) => `-- Warning: ${w}\n`).join('');
  return notes + (notes && statements.length ? '\n' : '') + statements.map((s) => `${s};\n`).join('\n');
}

export function diffModels(source: SchemaModel, target: SchemaModel, engine: SchemaDiffEngine, options: DiffOptions): SchemaDiffResult {
  if (source.engine !== target.engine) throw new Error('A schema diff compares two schemas of the same engine.');
  const { desired, skipped } = options.allowDrops ? { desired: source, skipped: [] } : keepTargetOnly(source, target);
  const names = namesFor(target, options.sessionSchema);
  const up = planMigration(target, desired, engine.ddl, names);
  const down = planMigration(desired, target, engine.ddl, names);
  if (engine.ddl.inSchema && target.schema !== options.sessionSchema) {
    const { before, after } = engine.ddl.inSchema(target.schema, options.sessionSchema, names);
    for (const plan of [up, down]) if (plan.statements.length) plan.statements = [before, ...plan.statements, ...(after ? [after] : [])];
  }
  return {
    engine: target.engine,
    differences: compareModels(source, target),
    up: toScript(up.statements, up.warnings),
    down: toScript(down.statements, down.warnings),
    warnings: up.warnings,
    skipped,
  };
}
