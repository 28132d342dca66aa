'use client';
// Every job, live, from the app-wide socket (/ws/app carries the job feed of all kinds),
// and cancel.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { WS_PATHS, type AppClientMessage, type AppServerMessage, type JobSnapshot } from '../../server/protocol/index.ts';
import { JobList } from './job-list.ts';
import { sharedSocket } from './use-socket.ts';

const EMPTY: JobSnapshot[] = [];

export function useJobs(): { jobs: JobSnapshot[]; cancel(jobId: string): Promise<void> } {
  const [list] = useState(() => new JobList());
  useEffect(() => {
    const socket = sharedSocket<AppClientMessage, AppServerMessage>(WS_PATHS.app);
    return socket.onMessage((message) => list.apply(message));
  }, [list]);
  const jobs = useSyncExternalStore(list.subscribe, () => list.jobs, () => EMPTY);
  const cancel = useCallback(async (jobId: string) => {
    const socket = sharedSocket<AppClientMessage, AppServerMessage>(WS_PATHS.app);
    await socket.request({ type: 'cancel_job', id: socket.newId(), jobId });
  }, []);
  return { jobs, cancel };
}
