// The data explorer's operations on a saved connection: describe a table, read a page of a
// view, count it, preview and apply staged changes. A view's statements run inside a
// read-only transaction; a change set runs in ONE transaction where every UPDATE / DELETE
// must hit exactly one row, else everything is rolled back and the reply says which
// change failed and why.
import type { ConnectTarget, Driver } from '../db/driver.ts';
import { DatabaseError } from '../db/errors.ts';
import type { ApplyResponse, Change, ChangeSet, CountResponse, DataView, Engine, PageResponse, PreviewResponse, TableInfo, TableRef } from '../protocol/index.ts';
import { DataConnectionPool } from './connection-pool.ts';
import type { DataConnection, TableDataEngine } from './engine.ts';
import { tableDataFor } from './engines.ts';
import { QueryBuilder, type Bound, type PageFrom } from './query-builder.ts';
import { tableInfo } from './table-info.ts';

export interface ConnectionSource {
  driver(id: string): Promise<Driver>;
  resolve(id: string): { target: ConnectTarget };
}

/** Views of tables with at most this many rows (by estimate) are counted exactly at once. */
export const EXACT_COUNT_LIMIT = 100_000;
const INFO_TTL_MS = 10_000;

interface Context {
  engine: TableDataEngine<Engine>;
  info: TableInfo;
  builder: QueryBuilder;
}

export class TableDataService {
  readonly #connections: ConnectionSource;
  readonly #pool = new DataConnectionPool();
  readonly #infos = new Map<string, { at: number; info: Promise<TableInfo> }>();

  constructor(connections: ConnectionSource) {
    this.#connections = connections;
  }

  async info(id: string, ref: TableRef): Promise<TableInfo> {
    const cacheKey = JSON.stringify([id, ref.schema, ref.table]);
    const cached = this.#infos.get(cacheKey);
    if (cached && Date.now() - cached.at < INFO_TTL_MS) return cached.info;
    const info = (async () => {
      const driver = await this.#connections.driver(id);
      const engine = tableDataFor(driver.dialect.engine);
      // Side by side: the explorer's description comes through the driver's own connection.
      const [details, extras] = await Promise.all([
        driver.describe(ref.schema, ref.table),
        this.#use(id, engine, (connection) => engine.extras(connection, ref.schema, ref.table)),
      ]);
      return tableInfo(details, extras, engine);
    })();
    this.#infos.set(cacheKey, { at: Date.now(), info });
    info.catch(() => this.#infos.delete(cacheKey));
    return info;
  }

  async page(id: string, view: DataView, from: PageFrom, limit: number): Promise<PageResponse> {
    const { engine, info, builder } = await this.#context(id, view);
    const plan = builder.page(view, info.key ? from : from.at === 'offset' ? from : { at: 'offset', offset: 0 }, limit);
    const started = performance.now();
    const rows = await this.#readOnly(id, engine, (connection) => connection.query(plan.sql, plan.params)).then((outcome) => outcome.rows);
    const more = rows.length > limit;
    if (more) rows.length = limit;
    if (plan.reversed) rows.reverse();
    return {
      columns: info.columns.map((column) => column.name),
      rows,
      order: plan.order,
      more,
      statement: { sql: plan.sql, params: plan.params.map(paramText) },
      text: builder.inline(plan),
      elapsedMs: Math.round((performance.now() - started) * 10) / 10,
    };
  }

  /**
   * Exact when asked, or when the table is small; else the planner's estimate for the whole
   * table, or nothing for a filtered view (a count of a big table could hold a connection
   * for seconds at every keystroke of a filter).
   */
  async count(id: string, view: DataView, exact: boolean): Promise<CountResponse> {
    const { engine, info, builder } = await this.#context(id, view);
    const unfiltered = !view.filters.length && !view.where.trim();
    // No statistics (a table never analysed) counts as small: better a count than none.
    const big = info.estimate !== null && info.estimate > EXACT_COUNT_LIMIT;
    if (!exact && big) return { count: unfiltered ? info.estimate : null, exact: false };
    const bound = builder.count(view);
    const outcome = await this.#readOnly(id, engine, (connection) => connection.query(bound.sql, bound.params));
    return { count: Number(outcome.rows[0]?.[0] ?? 0), exact: true };
  }

  async preview(id: string, set: ChangeSet): Promise<PreviewResponse> {
    const { builder } = await this.#editable(id, set);
    return {
      statements: set.changes.map((change) => {
        const bound = builder.change(change);
        return { sql: bound.sql, params: bound.params.map(paramText), text: builder.inline(bound) };
      }),
    };
  }

  async apply(id: string, set: ChangeSet): Promise<ApplyResponse> {
    const { engine, info, builder } = await this.#editable(id, set);
    const statements = set.changes.map((change) => builder.change(change));
    const returning = statements.length > 0 && /\nRETURNING /.test(statements.find((_, i) => set.changes[i]!.kind === 'insert')?.sql ?? '');
    return this.#use(id, engine, async (connection) => {
      await run(connection, engine.begin(false));
      let outcome: ApplyResponse;
      try {
        outcome = await applyChanges(connection, builder, set.changes, statements, returning);
      } catch (error) {
        await run(connection, engine.finish(false, false)).catch(() => markBroken(error));
        throw error;
      }
      if (!outcome.ok) {
        await run(connection, engine.finish(false, false));
        return outcome;
      }
      try {
        await run(connection, engine.finish(false, true));
      } catch (error) {
        await run(connection, engine.finish(false, false)).catch(() => {});
        return { ok: false, change: set.changes.length - 1, reason: 'error', message: `The save could not be committed: ${(error as Error).message}. Nothing was saved.` };
      }
      this.#infos.clear(); // estimates moved
      return { ...outcome, columns: info.columns.map((column) => column.name) };
    });
  }

  /** Every row of the view, page by page (keyset), for an export; stops when `onRows` returns false. */
  async forEachPage(id: string, view: DataView, onRows: (columns: TableInfo['columns'], rows: (string | null)[][]) => Promise<boolean>): Promise<void> {
    const { info } = await this.#context(id, view);
    let from: PageFrom = info.key ? { at: 'first' } : { at: 'offset', offset: 0 };
    let read = 0;
    for (;;) {
      const page = await this.page(id, view, from, 2000);
      if (!(await onRows(info.columns, page.rows)) || !page.more || !page.rows.length) return;
      read += page.rows.length;
      const last = page.rows[page.rows.length - 1]!;
      from = info.key ? { at: 'after', row: page.order.map((name) => last[page.columns.indexOf(name)]!) } : { at: 'offset', offset: read };
    }
  }

  async forget(id: string): Promise<void> {
    for (const key of this.#infos.keys()) if (key.startsWith(JSON.stringify([id]).slice(0, -1))) this.#infos.delete(key);
    await this.#pool.forget(id);
  }

  close(): Promise<void> {
    return this.#pool.closeAll();
  }

  async #context(id: string, ref: TableRef): Promise<Context> {
    const info = await this.info(id, ref);
    const driver = await this.#connections.driver(id);
    const engine = tableDataFor(driver.dialect.engine);
    return { engine, info, builder: new QueryBuilder(engine, driver.dialect, info) };
  }

  async #editable(id: string, ref: TableRef): Promise<Context> {
    const context = await this.#context(id, ref);
    if (!context.info.key) throw new DatabaseError(context.info.readOnlyReason ?? 'This table is read-only.', {});
    return context;
  }

  #use<T>(id: string, engine: TableDataEngine<Engine>, work: (connection: DataConnection) => Promise<T>): Promise<T> {
    return this.#pool.use(id, engine, () => this.#connections.resolve(id).target, work);
  }

  /** Inside a read-only transaction, always rolled back: the WHERE box can read, never write. */
  #readOnly<T>(id: string, engine: TableDataEngine<Engine>, work: (connection: DataConnection) => Promise<T>): Promise<T> {
    return this.#use(id, engine, async (connection) => {
      await run(connection, engine.begin(true));
      try {
        return await work(connection);
      } finally {
        await run(connection, engine.finish(true, false)).catch((error) => {
          throw markBroken(error);
        });
      }
    });
  }
}

async function applyChanges(connection: DataConnection, builder: QueryBuilder, changes: Change[], statements: Bound[], returning: boolean): Promise<ApplyResponse> {
  const inserted: (string | null)[][] = [];
  let updated = 0;
  let deleted = 0;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    const fail = (reason: 'stale' | 'not_found' | 'error', why: string): ApplyResponse => ({
      ok: false,
      change: i,
      reason,
      message: `Change ${i + 1} (${describeChange(change)}): ${why} Nothing was saved.`,
    });
    let outcome;
    try {
      outcome = await connection.query(statements[i]!.sql, statements[i]!.params);
    } catch (error) {
      if (error instanceof DatabaseError) return fail('error', `${error.message}.`.replace(/\.\.$/, '.'));
      throw error;
    }
    if (change.kind === 'insert') {
      if (returning) inserted.push(outcome.rows[0] ?? []);
      else {
        const read = builder.insertedRow(change.values, outcome.insertId);
        inserted.push((await connection.query(read.sql, read.params)).rows[0] ?? []);
      }
      continue;
    }
    if (outcome.affectedRows === 1) {
      if (change.kind === 'update') updated++;
      else deleted++;
      continue;
    }
    if (outcome.affectedRows > 1) return fail('error', `it matched ${outcome.affectedRows} rows instead of one.`);
    const probe = builder.rowByKey(change.key, '1');
    const exists = (await connection.query(probe.sql, probe.params)).rows.length > 0;
    if (exists) return fail('stale', 'the row was changed by someone else since it was read.');
    return fail('not_found', 'the row is no longer there (deleted, or its key changed).');
  }
  return { ok: true, inserted, columns: [], updated, deleted };
}

function describeChange(change: Change): string {
  if (change.kind === 'insert') return 'insert of a new row';
  const key = Object.entries(change.key).map(([name, value]) => `${name} = ${value === null ? 'NULL' : value.length > 40 ? `${value.slice(0, 40)}…` : value}`).join(', ');
  return `${change.kind} of the row ${key}`;
}

async function run(connection: DataConnection, statements: string[]): Promise<void> {
  for (const sql of statements) await connection.query(sql, []);
}

function markBroken(error: unknown): unknown {
  if (error && typeof error === 'object') (error as { broken?: boolean }).broken = true;
  return error;
}

function paramText(value: string | null | Buffer): string | null {
  return Buffer.isBuffer(value) ? value.toString('hex').toUpperCase() : value;
}
