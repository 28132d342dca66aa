// The Backups feature's one entry point: starts backups, verifies and restores as jobs
// (server/jobs/ — progress, cancel, per-connection queue, outcome), deletes backups, and
// tells listeners (every /ws/backups client) when a backup appears, changes or goes.
// Everything a job needs is checked before it is submitted, so a bad request is answered
// at once with a clear error instead of becoming a failed job.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { Logger } from 'pino';
import type { ConnectTarget } from '../db/driver.ts';
import { AppError, BadRequestError } from '../errors.ts';
import type { JobContext } from '../jobs/job.ts';
import type { JobManager } from '../jobs/job-manager.ts';
import { dialectOf, type BackupKind, type BackupManifest, type JobSnapshot, type RestoreTarget, type TableName } from '../protocol/index.ts';
import { runBackup } from './backup-job.ts';
import type { BackupEngines } from './engine.ts';
import { BACKUP_ENGINES, backupFor } from './engines.ts';
import type { BackupStore } from './store.ts';
import { fullVerify, quickVerify } from './verify.ts';

/** The part of the connection manager backups use. */

/** A restore's partial file and what a file database keeps beside it while it is written. */
const PARTIAL_SUFFIXES = ['', '-journal', '-wal', '-shm'];
export interface ConnectionResolver {
  resolve(id: string): { name: string; target: ConnectTarget };
}

export type BackupEvent = { type: 'changed'; backup: BackupManifest } | { type: 'deleted'; backupId: string };

export interface BackupServiceOptions {
  store: BackupStore;
  jobs: JobManager;
  connections: ConnectionResolver;
  log: Logger;
  engines?: BackupEngines;
}

export class BackupService {
  readonly #store: BackupStore;
  readonly #jobs: JobManager;
  readonly #connections: ConnectionResolver;
  readonly #engines: BackupEngines;
  readonly #listeners = new Set<(event: BackupEvent) => void>();

  constructor(options: BackupServiceOptions) {
    this.#store = options.store;
    this.#jobs = options.jobs;
    this.#connections = options.connections;
    this.#engines = options.engines ?? BACKUP_ENGINES;
    const removed = this.#store.cleanDebris();
    if (removed.length) options.log.warn({ files: removed }, 'removed what interrupted backups left (partial files, archives without a manifest)');
  }

  list(connectionId?: string): BackupManifest[] {
    return this.#store.list(connectionId);
  }

  get(id: string): BackupManifest {
    return this.#store.get(id);
  }

  archivePath(manifest: BackupManifest): string {
    return this.#store.archivePath(manifest);
  }

  subscribe(listener: (event: BackupEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  startBackup(request: { connectionId: string; kind: BackupKind; tables?: TableName[] | undefined; scheduleId?: string | null }): JobSnapshot {
    const { name, target } = this.#connections.resolve(request.connectionId);
    const dialect = dialectOf(target.engine);
    if (!dialect.capabilities.backupKinds.includes(request.kind)) {
      throw new BadRequestError(`${dialect.label} backups cannot be ${request.kind}; choose ${dialect.capabilities.backupKinds.join(', ')}.`);
    }
    const tables = request.kind === 'tables' ? request.tables : undefined;
    return this.#jobs.submit({
      kind: 'backup',
      title: `Back up ${name} (${request.kind}${request.scheduleId ? ', scheduled' : ''})`,
      connectionId: request.connectionId,
      run: (job) =>
        runBackup(job, { connectionId: request.connectionId, connectionName: name, target, kind: request.kind, scheduleId: request.scheduleId ?? null, ...(tables ? { tables } : {}) }, {
          store: this.#store,
          engines: this.#engines,
          changed: (backup) => this.#emit({ type: 'changed', backup }),
        }),
    });
  }

  verify(backupId: string, level: 'quick' | 'full'): JobSnapshot {
    const manifest = this.#store.get(backupId);
    // A full verify restores next to the source (PostgreSQL: a scratch database on its server).
    const source = level === 'full' ? this.#connections.resolve(manifest.connectionId).target : null;
    return this.#jobs.submit({
      kind: 'verify',
      title: `Verify (${level}) ${manifest.connectionName} backup of ${manifest.startedAt.slice(0, 16).replace('T', ' ')}`,
      connectionId: manifest.connectionId,
      run: async (job) => {
        const current = this.#store.get(backupId);
        const file = this.#store.archivePath(current);
        const verification = source ? await fullVerify(job, current, file, source, this.#engines) : await quickVerify(job, current, file, this.#engines);
        const updated: BackupManifest = { ...this.#store.get(backupId), verification, ...(verification.ok && verification.level === 'full' ? { verifiedAt: verification.at } : {}) };
        this.#store.save(updated);
        this.#emit({ type: 'changed', backup: updated });
        if (!verification.ok) throw new AppError('verify_failed', `Verification failed: ${verification.summary}`);
        return { summary: verification.summary, data: { backupId, verification } };
      },
    });
  }

  /** Checks the target and the confirmation before anything is submitted. */
  async restore(request: { backupId: string; target: RestoreTarget; clean: boolean; confirmName?: string | undefined }): Promise<JobSnapshot> {
    const manifest = this.#store.get(request.backupId);
    const { target, label, connectionId } = this.#restoreTarget(manifest, request.target);
    const engine = backupFor(target, this.#engines);
    const refusal = engine.refusesRestore?.(target);
    if (refusal) throw new AppError('read_only', refusal, 409);
    const tables = await engine.tableCount(target);
    const name = engine.confirmationName(target);
    if (tables > 0 && request.confirmName !== name) {
      throw new AppError('confirmation_required', `${label} holds ${tables} tables. Restoring over it can change or drop them: type "${name}" to confirm.`, 409);
    }
    const into = request.target;
    const interruption = into.type === 'new-file'
      ? {
          ifInterrupted: `Nothing was restored into ${label}: a restore into a new file is renamed into place only when complete.`,
          debris: PARTIAL_SUFFIXES.map((suffix) => `${into.file}.partial${suffix}`),
        }
      : { ifInterrupted: `Target ${label}: ${engine.ifRestoreInterrupted}` };
    return this.#jobs.submit({
      kind: 'restore',
      title: `Restore ${manifest.connectionName} backup of ${manifest.startedAt.slice(0, 16).replace('T', ' ')} into ${label}`,
      connectionId,
      ...interruption,
      run: async (job) => {
        const file = this.#store.archivePath(this.#store.get(request.backupId));
        if (request.target.type === 'new-file') await this.#restoreIntoNewFile(job, file, request.target.file, manifest);
        else await engine.restore(job, file, target, { clean: request.clean }, manifest);
        return { summary: `Restored into ${label}`, data: { backupId: manifest.id } };
      },
    });
  }

  /**
   * A new file is restored as `<file>.partial` and renamed when complete: an interrupted
   * restore leaves no file that looks like a restored database.
   */
  async #restoreIntoNewFile(job: JobContext, archive: string, file: string, manifest: BackupManifest): Promise<void> {
    const engine = this.#engines[manifest.engine];
    const partial = `${file}.partial`;
    try {
      await backupFor(manifest, this.#engines).restore(job, archive, engine.newFileTarget!(partial), { clean: false }, manifest);
      renameSync(partial, file);
    } finally {
      for (const suffix of PARTIAL_SUFFIXES) rmSync(`${partial}${suffix}`, { force: true });
    }
  }

  delete(backupId: string): void {
    this.#store.remove(this.#store.get(backupId));
    this.#emit({ type: 'deleted', backupId });
  }

  #restoreTarget(manifest: BackupManifest, target: RestoreTarget): { target: ConnectTarget; label: string; connectionId: string | null } {
    if (target.type === 'connection') {
      const resolved = this.#connections.resolve(target.connectionId);
      if (resolved.target.engine !== manifest.engine) {
        throw new BadRequestError(`This is a ${dialectOf(manifest.engine).label} backup; "${resolved.name}" is a ${dialectOf(resolved.target.engine).label} connection.`);
      }
      return { target: resolved.target, label: `"${resolved.name}"`, connectionId: target.connectionId };
    }
    const engine = this.#engines[manifest.engine];
    if (!engine.newFileTarget) throw new BadRequestError(`A ${dialectOf(manifest.engine).label} backup restores into a connection, not a file.`);
    if (!isAbsolute(target.file)) throw new BadRequestError('Give the new file as an absolute path.');
    if (existsSync(target.file)) throw new AppError('exists', `${target.file} already exists; choose a new file, or restore into its connection.`, 409);
    return { target: engine.newFileTarget(target.file), label: target.file, connectionId: null };
  }

  #emit(event: BackupEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
