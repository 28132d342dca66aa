'use client';
// The Activity tab's data: pages of GET /api/activity for the current filters, newest
// first, and — while "Live" is on — new entries from /ws/logs that match the filters.
import { useCallback, useEffect, useRef, useState } from 'react';
import { routes, WS_PATHS, type ActivityEntry, type ActivityKind, type LogsClientMessage, type LogsServerMessage } from '../../server/protocol/index.ts';
import { api, describeError } from '../lib/api.ts';
import { ReconnectingSocket } from '../lib/reconnecting-socket.ts';

export interface ActivityFilters {
  connection: string;
  kind: ActivityKind | '';
  q: string;
  errors: boolean;
}

const PAGE = 200;

export function matches(entry: ActivityEntry, f: ActivityFilters): boolean {
  if (f.connection && entry.connectionId !== f.connection) return false;
  if (f.kind && entry.kind !== f.kind) return false;
  if (f.errors && entry.error === null) return false;
  const q = f.q.trim().toLowerCase();
  return !q || [entry.text, entry.error ?? '', entry.connectionName ?? ''].some((t) => t.toLowerCase().includes(q));
}

export function useActivity(filters: ActivityFilters, live: boolean) {
  const [entries, setEntries] = useState<ActivityEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const generation = useRef(0);

  const load = useCallback(async (before?: number) => {
    const mine = ++generation.current;
    const f = filtersRef.current;
    setLoading(true);
    try {
      const page = await api.call(routes.activity, {
        query: {
          limit: PAGE,
          ...(before ? { before } : {}),
          ...(f.connection ? { connection: f.connection } : {}),
          ...(f.kind ? { kind: f.kind } : {}),
          ...(f.q.trim() ? { q: f.q.trim() } : {}),
          ...(f.errors ? { errors: 'true' as const } : {}),
        },
      });
      if (mine !== generation.current) return;
      setEntries((current) => (before ? [...current, ...page.entries] : page.entries));
      setNext(page.next);
      setError(null);
    } catch (e) {
      if (mine === generation.current) setError(describeError(e));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  const { connection, kind, q, errors } = filters;
  useEffect(() => {
    const timer = setTimeout(() => void load(), q ? 250 : 0);
    return () => clearTimeout(timer);
  }, [load, connection, kind, q, errors]);

  useEffect(() => {
    if (!live) return;
    const socket = new ReconnectingSocket<LogsClientMessage, LogsServerMessage>(WS_PATHS.logs);
    const offOpen = socket.onOpen(() => socket.send({ type: 'subscribe_activity', id: socket.newId() }));
    const offMessage = socket.onMessage((message) => {
      if (message.type !== 'activity') return;
      const fresh = message.entries.filter((e) => matches(e, filtersRef.current)).reverse();
      if (fresh.length) setEntries((current) => [...fresh, ...current.filter((c) => !fresh.some((f) => f.id === c.id))]);
    });
    return () => {
      offOpen();
      offMessage();
      socket.close();
    };
  }, [live]);

  return { entries, next, loading, error, reload: () => load(), loadOlder: () => next !== null && load(next) };
}
