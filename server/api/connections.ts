// /api/connections: saved connections (CRUD), test, connect/disconnect, parse a URL. Tests,
// connects and disconnects go to the activity log (the target, never a password).
import type { ActivityRecorder } from '../activity/recorder.ts';
import type { ConnectionManager } from '../connections/manager.ts';
import { parseConnectionUrl } from '../connections/connection-url.ts';
import type { SecretBox } from '../connections/secret-box.ts';
import { AppError } from '../errors.ts';
import { describeConnection, routes } from '../protocol/index.ts';
import type { QueryHistory } from '../workspace/query-history.ts';
import type { ApiRouter } from './router.ts';

export function registerConnectionRoutes(router: ApiRouter, connections: ConnectionManager, box: SecretBox, history: QueryHistory, activity: ActivityRecorder): void {
  router
    .on(routes.listConnections, () => ({ connections: connections.list(), keyStorage: box.info }))
    .on(routes.createConnection, ({ body }) => connections.create(body))
    .on(routes.testConnection, async ({ body }) => {
      const started = performance.now();
      const text = `Test ${describeConnection(body.settings)}`;
      const connectionId = body.id ?? null;
      try {
        const result = await connections.test(body);
        activity.event({ kind: 'connection_test', connectionId, text, durationMs: result.latencyMs });
        return result;
      } catch (error) {
        // A database that refuses is an answer, not a failed request: 200 with ok: false.
        if (!(error instanceof AppError) || error.status < 500) throw error;
        activity.event({ kind: 'connection_test', connectionId, text, durationMs: Math.round(performance.now() - started), error: error.message });
        return { ok: false as const, code: error.code, message: error.message };
      }
    })
    .on(routes.parseConnectionUrl, ({ body }) => parseConnectionUrl(body.url))
    .on(routes.getConnection, ({ params }) => connections.get(params.id))
    .on(routes.updateConnection, ({ params, body }) => connections.update(params.id, body))
    .on(routes.deleteConnection, async ({ params }) => {
      await connections.remove(params.id);
      history.forget(params.id);
    })
    .on(routes.connect, async ({ params }) => {
      const started = performance.now();
      try {
        const saved = await connections.connect(params.id);
        activity.event({ kind: 'connect', connectionId: params.id, text: `Connect ${describeConnection(saved.settings)}`, durationMs: Math.round(performance.now() - started) });
        return saved;
      } catch (error) {
        if (error instanceof AppError && error.status >= 500) {
          activity.event({ kind: 'connect', connectionId: params.id, text: 'Connect', durationMs: Math.round(performance.now() - started), error: error.message });
        }
        throw error;
      }
    })
    .on(routes.disconnect, async ({ params }) => {
      const saved = await connections.disconnect(params.id);
      activity.event({ kind: 'disconnect', connectionId: params.id, text: `Disconnect ${describeConnection(saved.settings)}` });
      return saved;
    });
}
