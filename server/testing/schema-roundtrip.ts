// The schema diff's round trip, shared by each engine's corpus test: for every case, build
// a source and a target, diff, apply up to the target (the diff must then be empty), apply
// down (the target must be back as it was: the same model, and the same text in the
// engine's own dump of the schema). Prints the pass rate and lists every failure.
import type { Driver, QuerySession } from '../db/driver.ts';
import { splitStatements, type Engine, type SchemaModel } from '../protocol/index.ts';
import { compareModels } from '../schema-diff/compare.ts';
import { diffModels } from '../schema-diff/diff.ts';
import { SCHEMA_DIFF_ENGINES } from '../schema-diff/engines.ts';
import { readModelWith } from '../schema-diff/read-model.ts';

export interface DiffCase {
  name: string;
  /** DDL both sides start from. */
  base: string[];
  source?: string[];
  target?: string[];
  /** Rows put in the target first (data kept through a table rebuild). */
  data?: string[];
}

/** One session on each side, kept for the whole corpus (opening one can cost a process). */
export interface CaseDatabases {
  engine: Engine;
  source: QuerySession;
  target: QuerySession;
  /** Empties both databases for the next case. */
  reset(): Promise<void>;
  /**
   * The engine's own dump of the target's schema (pg_dump --schema-only, SHOW CREATE TABLE,
   * sqlite_schema.sql): after down it must read as before up, not just the same model.
   */
  dumpTarget(): Promise<string>;
  /**
   * What the engine cannot put back, and the dump without it (PostgreSQL: column order):
   * a case whose dumps differ only there passes, and is counted apart in the figures.
   */
  dumpModulo?: { what: string; why: string; normalise(dump: string): string };
}

/** How a passing case's dump compared: identical, or identical only modulo `dumpModulo`. */
type Pass = 'identical' | 'modulo';

/** The lines of `after` that differ from `before`, for a failure message. */
function dumpDifference(before: string, after: string): string {
  const [a, b] = [before.split('\n'), after.split('\n')];
  const lost = a.filter((line) => !b.includes(line)).map((line) => `    - ${line}`);
  const gained = b.filter((line) => !a.includes(line)).map((line) => `    + ${line}`);
  return [...lost, ...gained].join('\n') || '    (same lines, in another order)';
}

export async function runScript(driver: Driver, session: QuerySession, script: string): Promise<void> {
  for (const statement of splitStatements(driver.dialect, script)) {
    try {
      for await (const _ of session.run(statement.text, { batchSize: 1000 })) {
        // drained
      }
    } catch (error) {
      throw new Error(`${(error as Error).message}\n  in: ${statement.text}`);
    }
  }
}

const describeDiff = (a: SchemaModel, b: SchemaModel) =>
  compareModels(a, b).map((d) => `    ${d.key} ${d.change}: ${d.source ?? '∅'} ⇢ ${d.target ?? '∅'}`).join('\n');

/** Runs one case; returns how its dump compared when it passes, else why not. */
export async function roundTrip(driver: Driver, databases: CaseDatabases, item: DiffCase, schema: string): Promise<Pass | string> {
  await databases.reset();
  const engine = SCHEMA_DIFF_ENGINES[databases.engine];
  const script = (statements: string[]) => statements.map((s) => `${s};\n`).join('');
  await runScript(driver, databases.source, script([...item.base, ...(item.source ?? [])]));
  await runScript(driver, databases.target, script([...item.base, ...(item.target ?? []), ...(item.data ?? [])]));
  const read = async (session: QuerySession) => readModelWith(session, databases.engine, schema);
  const source = (await read(databases.source)).model;
  const { model: original, sessionSchema } = await read(databases.target);
  const originalDump = await databases.dumpTarget();
  if (compareModels(source, original).length === 0) return 'source and target read the same: the case tests nothing';
  const result = diffModels(source, original, engine, { allowDrops: true, sessionSchema });
  try {
    await runScript(driver, databases.target, result.up);
  } catch (error) {
    return `up failed: ${(error as Error).message}\n${result.up}`;
  }
  const after = (await read(databases.target)).model;
  if (compareModels(source, after).length) return `after up, still different:\n${describeDiff(source, after)}\n${result.up}`;
  try {
    await runScript(driver, databases.target, result.down);
  } catch (error) {
    return `down failed: ${(error as Error).message}\n${result.down}`;
  }
  const back = (await read(databases.target)).model;
  if (compareModels(original, back).length) return `after down, not the original:\n${describeDiff(original, back)}\n${result.down}`;
  const backDump = await databases.dumpTarget();
  if (backDump === originalDump) return 'identical';
  const modulo = databases.dumpModulo;
  if (modulo && modulo.normalise(backDump) === modulo.normalise(originalDump)) return 'modulo';
  return `after down, the engine's dump differs:\n${dumpDifference(originalDump, backDump)}\n${result.up}\n${result.down}`;
}

/** Every case; prints `FIGURES schema-diff round trip <engine>: n/m`, returns the failures. */
export async function runCorpus(label: string, driver: Driver, databases: CaseDatabases, cases: DiffCase[], schema: string): Promise<string[]> {
  const failures: string[] = [];
  const started = performance.now();
  const modulo: string[] = [];
  for (const item of cases) {
    const outcome = await roundTrip(driver, databases, item, schema).catch((error: Error) => `threw: ${error.message}`);
    if (outcome === 'modulo') modulo.push(item.name);
    else if (outcome !== 'identical') failures.push(`${item.name}: ${outcome}`);
  }
  const passed = cases.length - failures.length;
  const dumps = `engine's schema dump identical after down in ${passed - modulo.length}` +
    (databases.dumpModulo ? `, identical modulo ${databases.dumpModulo.what} in ${modulo.length}` : '');
  console.log(`FIGURES schema-diff round trip ${label}: ${passed}/${cases.length} passed (${((100 * passed) / cases.length).toFixed(1)}%; ${dumps}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (modulo.length) console.log(`MODULO ${databases.dumpModulo!.what} (${databases.dumpModulo!.why}): ${modulo.join('; ')}`);
  for (const failure of failures) console.log(`FAILED ${failure}`);
  return failures;
}
