'use client';
// Shows whether the page is connected to the server, counting down to the next attempt
// while it is not. Its state is that of the /ws/app socket.
import { useEffect, useState } from 'react';
import { WS_PATHS, type AppClientMessage, type AppServerMessage } from '../../server/protocol/index.ts';
import type { ReconnectingSocket } from '../lib/reconnecting-socket.ts';
import { useNow } from '../lib/use-now.ts';
import { sharedSocket, useSocketState } from '../lib/use-socket.ts';

const LABELS = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Disconnected',
  unauthorized: 'Session expired',
} as const;

export function ConnectionIndicator() {
  const [socket, setSocket] = useState<ReconnectingSocket<AppClientMessage, AppServerMessage>>();
  const [version, setVersion] = useState<string>();
  useEffect(() => {
    const s = sharedSocket<AppClientMessage, AppServerMessage>(WS_PATHS.app);
    setSocket(s);
    return s.onMessage((m) => {
      if (m.type === 'hello') setVersion(m.version);
    });
  }, []);
  const state = useSocketState(socket);
  const now = useNow(state.status === 'reconnecting', 500);
  const seconds = state.retryAt ? Math.max(0, Math.ceil((state.retryAt - now) / 1000)) : 0;

  return (
    <div className="connection" data-state={state.status} role="status" aria-live="polite">
      <span className="connection-dot" aria-hidden />
      <span className="connection-label">{LABELS[state.status]}</span>
      {state.status === 'reconnecting' && <span className="muted"> · retry in {seconds}s</span>}
      {state.status === 'unauthorized' && (
        <div className="muted small">Open the link printed by the server again.</div>
      )}
      {version && <div className="muted small">v{version}</div>}
    </div>
  );
}

