// /ws/analytics: subscribe to a saved connection's live snapshots (protocol/analytics.ts);
// cancel a statement or terminate a session. Collectors are shared through the hub, so
// every client watching a database shares one monitoring connection.
import type { AnalyticsHub } from '../analytics/hub.ts';
import { AppError } from '../errors.ts';
import { AnalyticsClientMessage, WS_PATHS, type AnalyticsServerMessage } from '../protocol/index.ts';
import { Endpoint, type Connection, type EndpointContext } from './endpoint.ts';

export function createAnalyticsEndpoint(context: EndpointContext, hub: AnalyticsHub) {
  const clients = new WeakMap<Connection<AnalyticsServerMessage>, Map<string, () => Promise<void>>>();

  return new Endpoint<AnalyticsClientMessage, AnalyticsServerMessage>(
    {
      path: WS_PATHS.analytics,
      schema: AnalyticsClientMessage,
      onOpen(conn) {
        const subscriptions = new Map<string, () => Promise<void>>();
        clients.set(conn, subscriptions);
        conn.onClose(() => {
          for (const unsubscribe of subscriptions.values()) void unsubscribe();
          subscriptions.clear();
        });
      },
      async onMessage(conn, message) {
        const subscriptions = clients.get(conn)!;
        switch (message.type) {
          case 'subscribe': {
            // A new subscribe for the same connection replaces the old one (new interval or threshold).
            await subscriptions.get(message.connectionId)?.();
            subscriptions.delete(message.connectionId);
            const { history, unsubscribe } = await hub.subscribe(message.connectionId, {
              intervalSeconds: message.intervalSeconds,
              longQuerySeconds: message.longQuerySeconds,
              snapshot: (snapshot, point) => conn.send({ type: 'snapshot', snapshot, point }),
              failed: (error) => conn.sendError(error instanceof AppError ? error : new AppError('analytics_failed', `Reading the database's activity failed: ${(error as Error).message}`, 502)),
            });
            if (conn.ws.readyState !== conn.ws.OPEN) return void unsubscribe();
            subscriptions.set(message.connectionId, unsubscribe);
            return conn.send({ type: 'subscribed', id: message.id, connectionId: message.connectionId, history });
          }
          case 'unsubscribe':
            await subscriptions.get(message.connectionId)?.();
            subscriptions.delete(message.connectionId);
            return conn.send({ type: 'unsubscribed', id: message.id, connectionId: message.connectionId });
          case 'get_history':
            return conn.send({ type: 'history', id: message.id, connectionId: message.connectionId, points: hub.history(message.connectionId, message.hours) });
          case 'action':
            if (!subscriptions.has(message.connectionId)) throw new AppError('not_subscribed', 'Subscribe to this connection before acting on its sessions.', 409);
            await hub.act(message.connectionId, message.action, message.pid, message.queryKey);
            return conn.send({ type: 'action_done', id: message.id, action: message.action, pid: message.pid });
        }
      },
    },
    context,
  );
}
