'use client';
// React bindings for ReconnectingSocket: one shared socket per endpoint per page, and its
// state as a hook.
import { useSyncExternalStore } from 'react';
import { ReconnectingSocket, type SocketState } from './reconnecting-socket.ts';

const sockets = new Map<string, ReconnectingSocket<never, never>>();

/** The page-wide socket for `path`, created on first use. Browser only. */
export function sharedSocket<C extends { type: string; id?: string }, S extends { type: string; id?: string }>(path: string): ReconnectingSocket<C, S> {
  let socket = sockets.get(path);
  if (!socket) {
    socket = new ReconnectingSocket<never, never>(path);
    sockets.set(path, socket);
  }
  return socket as unknown as ReconnectingSocket<C, S>;
}

const SERVER_RENDER_STATE: SocketState = { status: 'connecting', attempt: 0 };

type StateSource = Pick<ReconnectingSocket<never, never>, 'state' | 'subscribeState'>;

export function useSocketState(socket: StateSource | undefined): SocketState {
  return useSyncExternalStore(
    socket?.subscribeState ?? noopSubscribe,
    () => socket?.state ?? SERVER_RENDER_STATE,
    () => SERVER_RENDER_STATE,
  );
}

const noopSubscribe = () => () => {};
