'use client';
// The saved connections, shared by every page that shows them, refreshed after changes.
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { routes, type KeyStorageInfo, type SavedConnection } from '../../server/protocol/index.ts';
import { api, describeError } from './api.ts';

interface Snapshot {
  connections: SavedConnection[];
  keyStorage: KeyStorageInfo | null;
  loaded: boolean;
  error: string | null;
}

let snapshot: Snapshot = { connections: [], keyStorage: null, loaded: false, error: null };
const listeners = new Set<() => void>();
let inflight: Promise<void> | undefined;
// The server pings open connections; polling its view shows a database that went down
// (or came back) without a reload.
const POLL_MS = 10_000;
let poll: ReturnType<typeof setInterval> | undefined;

function publish(next: Snapshot) {
  snapshot = next;
  for (const l of listeners) l();
}

export function refreshConnections(): Promise<void> {
  inflight ??= api
    .call(routes.listConnections)
    .then((r) => {
      // The poll mostly finds nothing new: then keep the snapshot, so nothing re-renders.
      if (snapshot.loaded && !snapshot.error && JSON.stringify([r.connections, r.keyStorage]) === JSON.stringify([snapshot.connections, snapshot.keyStorage])) return;
      publish({ connections: r.connections, keyStorage: r.keyStorage, loaded: true, error: null });
    })
    .catch((e) => publish({ ...snapshot, loaded: true, error: describeError(e) }))
    .finally(() => (inflight = undefined));
  return inflight;
}

/** Applies one changed connection without a round trip. */
export function updateConnection(connection: SavedConnection): void {
  const exists = snapshot.connections.some((c) => c.id === connection.id);
  publish({
    ...snapshot,
    connections: exists ? snapshot.connections.map((c) => (c.id === connection.id ? connection : c)) : [...snapshot.connections, connection],
  });
}

export function useConnections() {
  const state = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      poll ??= setInterval(() => void refreshConnections(), POLL_MS);
      return () => {
        listeners.delete(l);
        if (listeners.size === 0 && poll) {
          clearInterval(poll);
          poll = undefined;
        }
      };
    },
    () => snapshot,
    () => snapshot,
  );
  useEffect(() => {
    void refreshConnections();
  }, []);
  const connect = useCallback(async (id: string) => {
    try {
      updateConnection(await api.call(routes.connect, { params: { id } }));
    } finally {
      await refreshConnections(); // shows the error status if it failed
    }
  }, []);
  const disconnect = useCallback(async (id: string) => updateConnection(await api.call(routes.disconnect, { params: { id } })), []);
  return { ...state, refresh: refreshConnections, connect, disconnect };
}
