'use client';
// Subscribes to /ws/logs and keeps a bounded list of entries. After a reconnect it resumes
// from the last entry it has; after a server restart (new start time) it starts over and
// marks the restart, so nothing is shown twice and nothing silently disappears.
import { useEffect, useRef, useState } from 'react';
import { WS_PATHS, type LogEntry, type LogsClientMessage, type LogsServerMessage } from '../../server/protocol/index.ts';
import { ReconnectingSocket } from '../lib/reconnecting-socket.ts';
import { useSocketState } from '../lib/use-socket.ts';

const KEPT_ENTRIES = 5000;

export type LogRow =
  | { kind: 'entry'; key: string; entry: LogEntry }
  | { kind: 'note'; key: string; text: string };

export function useLiveLog(paused: boolean) {
  const [socket, setSocket] = useState<ReconnectingSocket<LogsClientMessage, LogsServerMessage>>();
  const [rows, setRows] = useState<LogRow[]>([]);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  /** Rows that arrived while paused. */
  const heldRef = useRef<LogRow[]>([]);

  useEffect(() => {
    const s = new ReconnectingSocket<LogsClientMessage, LogsServerMessage>(WS_PATHS.logs);
    setSocket(s);
    let lastSeq = -1;
    let serverStartedAt: string | undefined;
    let noteCount = 0;
    const note = (text: string): LogRow => ({ kind: 'note', key: `note-${++noteCount}`, text });

    const append = (incoming: LogRow[]) => {
      if (pausedRef.current) heldRef.current = heldRef.current.concat(incoming).slice(-KEPT_ENTRIES);
      else setRows((current) => current.concat(incoming).slice(-KEPT_ENTRIES));
    };

    const offMessage = s.onMessage((message) => {
      if (message.type === 'hello') {
        if (serverStartedAt && serverStartedAt !== message.serverStartedAt) {
          lastSeq = -1; // a new server process numbers its entries from 0 again
          append([note(`Server restarted at ${new Date(message.serverStartedAt).toLocaleTimeString()}`)]);
        }
        serverStartedAt = message.serverStartedAt;
        return;
      }
      if (message.type !== 'entries') return;
      const fresh: LogRow[] = [];
      for (const entry of message.entries) {
        if (entry.seq <= lastSeq) continue;
        if (lastSeq >= 0 && entry.seq > lastSeq + 1) fresh.push(note(`${entry.seq - lastSeq - 1} lines skipped (the page fell behind)`));
        lastSeq = entry.seq;
        fresh.push({ kind: 'entry', key: `${serverStartedAt}-${entry.seq}`, entry });
      }
      if (fresh.length) append(fresh);
    });
    const offOpen = s.onOpen(() => {
      s.send({ type: 'subscribe', id: s.newId(), backlog: 1000, afterSeq: lastSeq });
    });
    return () => {
      offMessage();
      offOpen();
      s.close();
    };
  }, []);

  // Releasing pause shows what arrived meanwhile.
  useEffect(() => {
    if (paused || heldRef.current.length === 0) return;
    const held = heldRef.current;
    heldRef.current = [];
    setRows((current) => current.concat(held).slice(-KEPT_ENTRIES));
  }, [paused]);

  return { rows, state: useSocketState(socket), clear: () => setRows([]) };
}
