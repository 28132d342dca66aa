'use client';
// The Analytics page's live state from /ws/analytics: the chosen connection's latest
// snapshot and its chart points (the server's last hour on subscribe, then one per
// snapshot), pause, and the cancel/terminate actions. Resubscribes after a reconnect.
// Longer ranges come from the server's per-minute history (useLongHistory).
import { useCallback, useEffect, useRef, useState } from 'react';
import { WS_PATHS, type AnalyticsClientMessage, type AnalyticsServerMessage, type AnalyticsSnapshot, type HistoryPoint } from '../../server/protocol/index.ts';
import { describeError } from '../lib/api.ts';
import { ReconnectingSocket } from '../lib/reconnecting-socket.ts';

/** An hour at 1 s: what the server keeps too. */
const MAX_POINTS = 3600;

export interface AnalyticsState {
  snapshot: AnalyticsSnapshot | null;
  points: HistoryPoint[];
  error: string | null;
}

export function useAnalytics(connectionId: string, intervalSeconds: number, longQuerySeconds: number, paused: boolean) {
  const [state, setState] = useState<AnalyticsState>({ snapshot: null, points: [], error: null });
  const socketRef = useRef<ReconnectingSocket<AnalyticsClientMessage, AnalyticsServerMessage>>(null);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  useEffect(() => {
    setState({ snapshot: null, points: [], error: null });
    if (!connectionId) return;
    const socket = new ReconnectingSocket<AnalyticsClientMessage, AnalyticsServerMessage>(WS_PATHS.analytics);
    socketRef.current = socket;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const subscribe = () => {
      socket
        .request({ type: 'subscribe', id: socket.newId(), connectionId, intervalSeconds, longQuerySeconds })
        .then((reply) => {
          if (reply.type === 'subscribed') setState((s) => ({ ...s, points: reply.history, error: null }));
        })
        .catch((e) => setState((s) => ({ ...s, error: describeError(e) })));
    };
    const stopOpen = socket.onOpen(subscribe);
    const stop = socket.onMessage((message) => {
      if (message.type === 'snapshot' && message.snapshot.connectionId === connectionId) {
        // Paused: the table and charts hold still; the points are still kept for later.
        setState((s) => ({
          snapshot: pausedRef.current ? s.snapshot : message.snapshot,
          points: [...s.points.slice(-(MAX_POINTS - 1)), message.point],
          error: null,
        }));
      } else if (message.type === 'error' && !message.id) {
        setState((s) => ({ ...s, error: message.message }));
        // The connection was edited or reconnected: watch it again with its new settings.
        if (message.code === 'connection_closed') retry = setTimeout(subscribe, 1000);
      }
    });
    return () => {
      clearTimeout(retry);
      stopOpen();
      stop();
      socket.close();
      socketRef.current = null;
    };
  }, [connectionId, intervalSeconds, longQuerySeconds]);

  /** Cancels the statement / ends the session; rejects with the server's reason (stale, protected…). */
  const act = useCallback(
    async (action: 'cancel' | 'terminate', pid: number, queryKey: string) => {
      const socket = socketRef.current;
      if (!socket) throw new Error('Not connected to the server.');
      await socket.request({ type: 'action', id: socket.newId(), connectionId, action, pid, queryKey });
    },
    [connectionId],
  );
  return { ...state, act };
}

/** Per-minute points over the last `hours` (beyond the live hour), refreshed every minute; null for the live hour. */
export function useLongHistory(connectionId: string, hours: number): HistoryPoint[] | null {
  const [points, setPoints] = useState<HistoryPoint[] | null>(null);
  useEffect(() => {
    setPoints(null);
    if (!connectionId || hours <= 1) return;
    const socket = new ReconnectingSocket<AnalyticsClientMessage, AnalyticsServerMessage>(WS_PATHS.analytics);
    const load = () =>
      void socket
        .request({ type: 'get_history', id: socket.newId(), connectionId, hours })
        .then((reply) => reply.type === 'history' && setPoints(reply.points))
        .catch(() => {});
    const stopOpen = socket.onOpen(load);
    const timer = setInterval(load, 60_000);
    return () => {
      clearInterval(timer);
      stopOpen();
      socket.close();
    };
  }, [connectionId, hours]);
  return points;
}
