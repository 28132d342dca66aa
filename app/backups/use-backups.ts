'use client';
// The Backups page's live state from /ws/backups: the complete backups, the backup,
// restore and verify jobs (with their progress), the schedules, and the commands. The page has its own
// socket while it is shown: each open brings the full lists, so nothing goes stale.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { WS_PATHS, type BackupManifest, type BackupsClientMessage, type BackupsServerMessage, type JobSnapshot, type ScheduleView } from '../../server/protocol/index.ts';
import { JobList } from '../lib/job-list.ts';
import { ReconnectingSocket } from '../lib/reconnecting-socket.ts';
import { BackupList } from './backup-list.ts';

const NO_BACKUPS: BackupManifest[] = [];
const NO_JOBS: JobSnapshot[] = [];

/** A client message without its request id (the socket adds one). */
export type BackupCommand = BackupsClientMessage extends infer M ? (M extends { id: string; type: infer T } ? (T extends 'ping' ? never : Omit<M, 'id'>) : never) : never;

export function useBackups() {
  const [backups] = useState(() => new BackupList());
  const [jobs] = useState(() => new JobList());
  const [schedules, setSchedules] = useState<ScheduleView[]>([]);
  const socketRef = useRef<ReconnectingSocket<BackupsClientMessage, BackupsServerMessage>>(null);
  useEffect(() => {
    const socket = new ReconnectingSocket<BackupsClientMessage, BackupsServerMessage>(WS_PATHS.backups);
    socketRef.current = socket;
    const stop = socket.onMessage((message) => {
      backups.apply(message);
      jobs.apply(message);
      if (message.type === 'schedules') setSchedules(message.schedules);
    });
    return () => {
      stop();
      socket.close();
      socketRef.current = null;
    };
  }, [backups, jobs]);
  const list = useSyncExternalStore(backups.subscribe, () => backups.backups, () => NO_BACKUPS);
  const jobList = useSyncExternalStore(jobs.subscribe, () => jobs.jobs, () => NO_JOBS);
  /** Sends a command; resolves with its reply, rejects with the server's error (RequestFailedError: code + message). */
  const send = useCallback(async (command: BackupCommand): Promise<BackupsServerMessage> => {
    const socket = socketRef.current;
    if (!socket) throw new Error('Not connected to the server.');
    return socket.request({ ...command, id: socket.newId() } as BackupsClientMessage & { id: string });
  }, []);
  return { backups: list, jobs: jobList, schedules, send };
}
