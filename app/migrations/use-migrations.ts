'use client';
// The Migrations page's live state from /ws/migrator: the chosen connection's status
// (asked again when the server says it changed, and on every reconnect), the migration
// jobs with their log lines as they stream, and the commands.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { WS_PATHS, type JobLogLine, type JobSnapshot, type MigrationStatus, type MigratorClientMessage, type MigratorServerMessage } from '../../server/protocol/index.ts';
import { describeError } from '../lib/api.ts';
import { JobList } from '../lib/job-list.ts';
import { ReconnectingSocket } from '../lib/reconnecting-socket.ts';

const NO_JOBS: JobSnapshot[] = [];
/** Lines kept per job in the window (the server keeps the newest 500 too). */
const MAX_LINES = 2000;

/** A client message without its request id (the socket adds one). */
export type MigratorCommand = MigratorClientMessage extends infer M ? (M extends { id: string; type: infer T } ? (T extends 'ping' ? never : Omit<M, 'id'>) : never) : never;

export function useMigrations(connectionId: string) {
  const [jobs] = useState(() => new JobList());
  const [status, setStatus] = useState<MigrationStatus | null>(null);
  const [statusError, setStatusError] = useState<string | null>(null);
  const [logs, setLogs] = useState<Record<string, JobLogLine[]>>({});
  const socketRef = useRef<ReconnectingSocket<MigratorClientMessage, MigratorServerMessage>>(null);
  const connectionRef = useRef(connectionId);
  connectionRef.current = connectionId;

  const send = useCallback(async (command: MigratorCommand): Promise<MigratorServerMessage> => {
    const socket = socketRef.current;
    if (!socket) throw new Error('Not connected to the server.');
    return socket.request({ ...command, id: socket.newId() } as MigratorClientMessage & { id: string });
  }, []);

  const refresh = useCallback(async () => {
    const id = connectionRef.current;
    if (!id) return setStatus(null);
    try {
      const reply = await send({ type: 'status', connectionId: id });
      if (reply.type === 'status' && reply.status.connectionId === connectionRef.current) {
        setStatus(reply.status);
        setStatusError(null);
      }
    } catch (e) {
      setStatusError(describeError(e));
    }
  }, [send]);

  useEffect(() => {
    const socket = new ReconnectingSocket<MigratorClientMessage, MigratorServerMessage>(WS_PATHS.migrator);
    socketRef.current = socket;
    const stopMessages = socket.onMessage((message) => {
      jobs.apply(message);
      if (message.type === 'job_log') {
        setLogs((all) => ({ ...all, [message.jobId]: [...(all[message.jobId] ?? []), ...message.lines].slice(-MAX_LINES) }));
      } else if (message.type === 'changed' && message.connectionId === connectionRef.current) void refresh();
    });
    const stopOpen = socket.onOpen(() => void refresh());
    return () => {
      stopMessages();
      stopOpen();
      socket.close();
      socketRef.current = null;
    };
  }, [jobs, refresh]);

  useEffect(() => {
    setStatus(null);
    void refresh();
  }, [connectionId, refresh]);

  const allJobs = useSyncExternalStore(jobs.subscribe, () => jobs.jobs, () => NO_JOBS);
  const connectionJobs = allJobs.filter((j) => j.connectionId === connectionId);

  /** The log of a job this window did not see start (a reload, another window): fetched once. */
  const loadLog = useCallback(
    async (jobId: string) => {
      const reply = await send({ type: 'get_job_log', jobId, afterSeq: 0 });
      if (reply.type === 'job_log') setLogs((all) => ({ ...all, [jobId]: reply.lines }));
    },
    [send],
  );

  return { status, statusError, jobs: connectionJobs, logs, send, refresh, loadLog };
}
