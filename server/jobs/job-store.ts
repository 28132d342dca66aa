// Jobs on disk, so outcomes survive a restart: one file per job, <home>/jobs/<id>.json,
// written atomically at each state change (and now and then while it runs). At start, a
// job the previous server left queued or running becomes `interrupted`, and a child
// process it left behind (its server was killed) is stopped.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { writeFileAtomicSync } from '../fs/atomic-write.ts';
import { JobLogLine, JobSnapshot } from '../protocol/index.ts';
import { reapProcessGroup } from './process-group.ts';

export const PersistedJob = JobSnapshot.extend({
  log: z.array(JobLogLine),
  /** Process groups the job's work has running now, with their identity (process-group.ts). */
  processes: z.array(z.object({ pid: z.number().int().positive(), identity: z.string().nullable() })),
  ifInterrupted: z.string().optional(),
  debris: z.array(z.string()).optional(),
});
export type PersistedJob = z.infer<typeof PersistedJob>;

export interface LoadedJobs {
  jobs: PersistedJob[];
  /** Files that could not be read; left in place, named in the log. */
  unreadable: string[];
  /** Process groups of interrupted jobs that were still running and got SIGKILL. */
  reaped: number[];
}

const FILE = /^([A-Za-z0-9-]{1,64})\.json$/;

export class JobStore {
  readonly dir: string;

  constructor(home: string) {
    this.dir = join(home, 'jobs');
  }

  save(job: PersistedJob): void {
    writeFileAtomicSync(join(this.dir, `${job.id}.json`), JSON.stringify(job));
  }

  remove(id: string): void {
    rmSync(join(this.dir, `${id}.json`), { force: true });
  }

  /** Every job on disk, newest first; unfinished ones marked interrupted (and saved so). */
  load(now: string): LoadedJobs {
    const result: LoadedJobs = { jobs: [], unreadable: [], reaped: [] };
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return result; // no jobs yet
    }
    for (const name of names) {
      if (!FILE.test(name)) continue;
      let job: PersistedJob;
      try {
        job = PersistedJob.parse(JSON.parse(readFileSync(join(this.dir, name), 'utf8')));
      } catch {
        result.unreadable.push(name);
        continue;
      }
      if (job.state === 'queued' || job.state === 'running') {
        for (const { pid, identity } of job.processes) if (reapProcessGroup(pid, identity)) result.reaped.push(pid);
        // After the group is gone: nothing writes the files any more.
        for (const file of job.debris ?? []) rmSync(file, { force: true });
        job = interrupted(job, now);
        this.save(job);
      }
      result.jobs.push(job);
    }
    result.jobs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return result;
  }
}

function interrupted(job: PersistedJob, now: string): PersistedJob {
  return {
    ...job,
    state: 'interrupted',
    cancelRequested: false,
    queuePosition: null,
    waitingFor: null,
    endedAt: now,
    error: { code: 'interrupted', message: `The server stopped while this job was ${job.state}; it did not finish.${job.ifInterrupted ? ` ${job.ifInterrupted}` : ''}` },
    processes: [],
  };
}
