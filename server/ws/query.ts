// /ws/query: run SQL and stream results (protocol and flow control: protocol/query.ts).
// Each client has its own sessions; closing the socket cancels its queries and closes them.
import type { ConnectionManager } from '../connections/manager.ts';
import { AppError } from '../errors.ts';
import { QueryClientMessage, WS_PATHS, type QueryServerMessage } from '../protocol/index.ts';
import { FlowControl } from '../query/flow-control.ts';
import { runScript, type ScriptDeps } from '../query/run-script.ts';
import type { SessionLimits } from '../query/session-limits.ts';
import { SessionPool } from '../query/session-pool.ts';
import { Endpoint, type Connection, type EndpointContext } from './endpoint.ts';

interface ClientState {
  sessions: SessionPool;
  running: Map<string, { flow: FlowControl; sessionId: string }>;
}

export function createQueryEndpoint(context: EndpointContext, deps: ScriptDeps & { connections: ConnectionManager; limits: SessionLimits }) {
  const clients = new WeakMap<Connection<QueryServerMessage>, ClientState>();

  return new Endpoint<QueryClientMessage, QueryServerMessage>(
    {
      path: WS_PATHS.query,
      schema: QueryClientMessage,
      onOpen(conn) {
        const state: ClientState = { sessions: new SessionPool(deps.limits), running: new Map() };
        clients.set(conn, state);
        const stopListening = deps.connections.onClose((connectionId) => void state.sessions.closeConnection(connectionId));
        conn.onClose(() => {
          stopListening();
          for (const { flow } of state.running.values()) flow.cancel();
          void state.sessions.closeAll();
        });
      },
      async onMessage(conn, message) {
        const state = clients.get(conn)!;
        switch (message.type) {
          case 'run': {
            if (state.running.has(message.id)) throw new AppError('duplicate_id', `A query with id "${message.id}" is already running.`);
            const flow = new FlowControl(message.fetchRows);
            state.running.set(message.id, { flow, sessionId: message.sessionId });
            try {
              await runScript(message, flow, state.sessions, { send: (m) => conn.send(m), sendBinary: (data, written) => conn.sendBinary(data, written), buffered: () => conn.buffered }, deps);
            } finally {
              state.running.delete(message.id);
            }
            return;
          }
          case 'more':
            runningQuery(state, message.id).flow.grant(message.rows);
            return;
          case 'cancel': {
            const query = runningQuery(state, message.id);
            query.flow.cancel();
            await state.sessions.cancel(query.sessionId);
            return;
          }
          case 'close_session':
            await state.sessions.close(message.sessionId);
            return;
        }
      },
    },
    context,
  );
}

function runningQuery(state: ClientState, id: string) {
  const query = state.running.get(id);
  if (!query) throw new AppError('not_running', `No query "${id}" is running (it may have just finished).`, 404);
  return query;
}
