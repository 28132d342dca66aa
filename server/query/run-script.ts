// Runs a script for /ws/query: split into statements, guard the destructive ones, then run
// each in the tab's session and stream its result through the flow control. The first
// failing statement stops the script; its error carries the position in the whole script.
import type { Logger } from 'pino';
import type { ActivityRecorder } from '../activity/recorder.ts';
import type { ConnectionManager } from '../connections/manager.ts';
import { DatabaseError, QueryCancelledError } from '../db/errors.ts';
import type { QueryEvent } from '../db/driver.ts';
import { encodeRowBatchBuffer, rowBatchFrameFromBytes } from '../protocol/row-batch-buffer.ts';
import { splitStatements, type QueryServerMessage, type StatementSpan } from '../protocol/index.ts';
import type { QueryHistory } from '../workspace/query-history.ts';
import { guardReason } from './destructive-guard.ts';
import { splitFirstRows } from './first-frame.ts';
import type { FlowControl } from './flow-control.ts';
import type { SessionPool } from './session-pool.ts';

export interface ScriptRequest {
  id: string;
  connectionId: string;
  sessionId: string;
  sql: string;
  batchSize: number;
  confirmedDestructive: boolean;
}

export interface ScriptOutput {
  send(message: QueryServerMessage): void;
  /** A binary frame: row batches (protocol/row-batch.ts); `written` once the socket took it. */
  sendBinary(data: Buffer, written: () => void): void;
  /** Bytes waiting in the socket's send buffer. */
  buffered(): number;
}

export interface ScriptDeps {
  connections: ConnectionManager;
  history: QueryHistory;
  log: Logger;
  activity: ActivityRecorder;
}

export async function runScript(request: ScriptRequest, flow: FlowControl, sessions: SessionPool, out: ScriptOutput, deps: ScriptDeps): Promise<void> {
  const { id } = request;
  const started = performance.now();
  const driver = await deps.connections.driver(request.connectionId);
  const statements = splitStatements(driver.dialect, request.sql);

  if (!request.confirmedDestructive) {
    const flagged = [];
    for (const [index, s] of statements.entries()) {
      const reason = await guardReason(driver.dialect, s.text);
      if (reason) flagged.push({ index, start: s.start, end: s.end, reason });
    }
    if (flagged.length) {
      out.send({ type: 'confirm', id, statements: flagged });
      return;
    }
  }

  const { session, release, replacedIdle } = await sessions.acquire(request.sessionId, request.connectionId, driver);
  if (replacedIdle) {
    out.send({
      type: 'session_reset', id, sessionId: request.sessionId,
      message: 'This tab\'s session was closed after being idle, so its session state was lost (SET values, temporary tables, an open transaction). This run uses a new session.',
    });
  }
  let executed = 0;
  let cancelled = false;
  try {
    for (const [index, statement] of statements.entries()) {
      if (flow.cancelled) {
        cancelled = true;
        break;
      }
      executed++;
      const outcome = await runStatement(index, statement);
      if (outcome === 'cancelled') cancelled = true;
      if (outcome !== 'done') break;
    }
  } finally {
    release();
  }
  out.send({ type: 'query_done', id, elapsedMs: elapsed(started), statements: executed, cancelled });

  async function runStatement(index: number, statement: StatementSpan): Promise<'done' | 'failed' | 'cancelled'> {
    out.send({ type: 'statement', id, index, start: statement.start, end: statement.end });
    const started = performance.now();
    let rows = 0;
    try {
      for await (const event of session.run(statement.text, { batchSize: request.batchSize })) {
        if (event.kind === 'columns') {
          out.send({ type: 'columns', id, index, columns: event.columns });
        } else if (event.kind === 'rows') {
          for (const part of rows === 0 ? splitFirstRows(event) : [event]) {
            const count = part.packed?.count ?? part.rows.length;
            const frame = frameOf(part, index, count);
            if (frame === null) out.send({ type: 'rows', id, index, rows: part.rows });
            else out.sendBinary(frame, flow.sending(frame.length));
            rows += count;
            flow.consume(count);
          }
          if (flow.exhausted) out.send({ type: 'waiting', id, index, rowCount: rows });
          await flow.waitForCredit();
          await flow.waitForDrain(out.buffered);
        } else {
          const elapsedMs = elapsed(started);
          out.send({ type: 'statement_done', id, index, rowCount: event.rowCount, affectedRows: event.affectedRows, command: event.command, elapsedMs });
          record(statement, elapsedMs, event.affectedRows ?? event.rowCount, null);
        }
      }
      return flow.cancelled ? 'cancelled' : 'done';
    } catch (error) {
      if (flow.cancelled || error instanceof QueryCancelledError) {
        record(statement, elapsed(started), rows, 'cancelled');
        return 'cancelled';
      }
      if (!(error instanceof DatabaseError)) throw error;
      out.send({
        type: 'query_error',
        id,
        index,
        message: error.message,
        position: error.position === null ? null : statement.start + error.position,
        code: error.sqlState,
      });
      record(statement, elapsed(started), null, error.message);
      return 'failed';
    }
  }

  /** A batch's binary frame, or null when its cells cannot be packed (sent as JSON then). */
  function frameOf(part: Extract<QueryEvent, { kind: 'rows' }>, index: number, count: number): Buffer | null {
    const { packed } = part;
    if (packed) return rowBatchFrameFromBytes(id, index, count, packed.bytes, packed.room);
    return encodeRowBatchBuffer(id, index, part.rows);
  }

  function record(statement: StatementSpan, elapsedMs: number, rowCount: number | null, error: string | null): void {
    deps.activity.statement({ connectionId: request.connectionId, sql: statement.text, syntax: driver.dialect.syntax, durationMs: elapsedMs, rows: rowCount, error });
    try {
      deps.history.append(request.connectionId, { at: new Date().toISOString(), sql: statement.text, elapsedMs, rowCount, error });
    } catch (e) {
      deps.log.warn({ error: (e as Error).message }, 'could not write query history');
    }
  }
}

const elapsed = (since: number) => Math.round((performance.now() - since) * 10) / 10;
