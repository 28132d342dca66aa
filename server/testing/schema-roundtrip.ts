// The schema diff's round trip, shared by each engine's corpus test: for every case, build
// a source and a target, diff, apply up to the target (the diff must then be empty), apply
// down (the target must be back as it was). Prints the pass rate and lists every failure.
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

/** Runs one case; returns null when it passes, else why not. */
export async function roundTrip(driver: Driver, databases: CaseDatabases, item: DiffCase, schema: string): Promise<string | null> {
  await databases.reset();
  const engine = SCHEMA_DIFF_ENGINES[databases.engine];
  const script = (statements: string[]) => statements.map((s) => `${s};\n`).join('');
  await runScript(driver, databases.source, script([...item.base, ...(item.source ?? [])]));
  await runScript(driver, databases.target, script([...item.base, ...(item.target ?? []), ...(item.data ?? [])]));
  const read = async (session: QuerySession) => readModelWith(session, databases.engine, schema);
  const source = (await read(databases.source)).model;
  const { model: original, sessionSchema } = await read(databases.target);
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
  return null;
}

/** Every case; prints `FIGURES schema-diff round trip <engine>: n/m`, returns the failures. */
export async function runCorpus(label: string, driver: Driver, databases: CaseDatabases, cases: DiffCase[], schema: string): Promise<string[]> {
  const failures: string[] = [];
  const started = performance.now();
  for (const item of cases) {
    const why = await roundTrip(driver, databases, item, schema).catch((error: Error) => `threw: ${error.message}`);
    if (why) failures.push(`${item.name}: ${why}`);
  }
  const passed = cases.length - failures.length;
  console.log(`FIGURES schema-diff round trip ${label}: ${passed}/${cases.length} passed (${((100 * passed) / cases.length).toFixed(1)}%) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const failure of failures) console.log(`FAILED ${failure}`);
  return failures;
}
