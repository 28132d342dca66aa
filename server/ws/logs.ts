// /ws/logs: after "subscribe", the recent backlog, then new entries as they are written,
// batched so a burst of log lines is one frame rather than hundreds. After
// "subscribe_activity", the activity log's new entries (written in batches already).
import type { ActivityLog } from '../activity/activity-log.ts';
import type { LogBuffer } from '../logging/log-buffer.ts';
import { LogsClientMessage, WS_PATHS, type LogEntry, type LogsServerMessage } from '../protocol/index.ts';
import { Endpoint, type EndpointContext } from './endpoint.ts';

const BATCH_MS = 100;
/**
 * A client this far behind is not reading: its lines are dropped, and it sees the gap in
 * `seq` (the Logs page says how many were skipped).
 */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export function createLogsEndpoint(context: EndpointContext, buffer: LogBuffer, activity: ActivityLog) {
  const subscriptions = new WeakMap<object, () => void>();
  const activitySubscriptions = new WeakMap<object, () => void>();
  return new Endpoint<LogsClientMessage, LogsServerMessage>(
    {
      path: WS_PATHS.logs,
      schema: LogsClientMessage,
      onMessage(conn, message) {
        if (message.type === 'subscribe_activity') {
          activitySubscriptions.get(conn)?.();
          const stop = activity.subscribe((entries) => {
            if (conn.buffered <= MAX_BUFFERED_BYTES) conn.send({ type: 'activity', entries });
          });
          activitySubscriptions.set(conn, stop);
          conn.onClose(stop);
          return;
        }
        // subscribe: replaces this client's earlier subscription.
        subscriptions.get(conn)?.();
        conn.send({ type: 'entries', id: message.id, entries: buffer.recent(message.backlog, message.afterSeq) });
        let pending: LogEntry[] = [];
        let timer: NodeJS.Timeout | undefined;
        const flush = () => {
          timer = undefined;
          if (conn.buffered > MAX_BUFFERED_BYTES) {
            pending = [];
            return;
          }
          conn.send({ type: 'entries', entries: pending });
          pending = [];
        };
        const unsubscribe = buffer.subscribe((entry) => {
          pending.push(entry);
          timer ??= setTimeout(flush, BATCH_MS);
        });
        const stop = () => {
          unsubscribe();
          clearTimeout(timer);
        };
        subscriptions.set(conn, stop);
        conn.onClose(stop);
      },
    },
    context,
  );
}
