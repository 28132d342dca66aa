// The Import feature's one entry point: uploads, previews, plans, and imports started as
// jobs (server/jobs/ — progress, cancel, per-connection queue, outcome). Everything a job
// needs is checked before it is submitted, so a bad request is answered at once.
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { ConnectTarget, Driver } from '../db/driver.ts';
import { AppError } from '../errors.ts';
import type { JobManager } from '../jobs/job-manager.ts';
import type { Engine, ImportPlan, ImportPreview, ImportRequest, ImportTarget, ImportUpload, JobSnapshot, ParseSettings } from '../protocol/index.ts';
import type { EngineImport, ImportEngines } from './engine.ts';
import { IMPORT_ENGINES, importFor } from './engines.ts';
import { runImport } from './import-job.ts';
import { planImport, type ResolvedPlan } from './plan.ts';
import { readSample, toPreview } from './preview.ts';
import type { UploadStore } from './uploads.ts';

export interface ImportConnections {
  resolve(id: string): { name: string; target: ConnectTarget };
  driver(id: string): Promise<Driver>;
}

export class ImportService {
  readonly #uploads: UploadStore;
  readonly #jobs: JobManager;
  readonly #connections: ImportConnections;
  readonly #engines: ImportEngines;
  readonly #maxRecordChars: number | undefined;

  constructor(options: { uploads: UploadStore; jobs: JobManager; connections: ImportConnections; log: Logger; engines?: ImportEngines; maxRecordChars?: number }) {
    this.#uploads = options.uploads;
    this.#jobs = options.jobs;
    this.#connections = options.connections;
    this.#engines = options.engines ?? IMPORT_ENGINES;
    this.#maxRecordChars = options.maxRecordChars;
    const removed = this.#uploads.sweep();
    if (removed.length) options.log.info({ files: removed }, 'removed uploads a previous run left');
  }

  /** `declaredBytes`: the request's Content-Length (a body declared over the limit is refused at once). */
  upload(body: Readable, name: string, declaredBytes = 0): Promise<ImportUpload> {
    return this.#uploads.save(body, name, declaredBytes);
  }

  discard(uploadId: string): void {
    this.#uploads.get(uploadId);
    this.#uploads.remove(uploadId);
  }

  async preview(uploadId: string, settings?: Partial<ParseSettings>): Promise<ImportPreview> {
    const upload = this.#uploads.get(uploadId);
    return toPreview(upload, await readSample(this.#uploads, upload, settings, this.#maxRecordChars));
  }

  async plan(connectionId: string, request: { uploadId: string; settings: ParseSettings; target: ImportTarget }): Promise<ImportPlan> {
    const { plan } = await this.#resolve(connectionId, request);
    return { createSql: plan.createSql, tableColumns: plan.tableColumns, columns: plan.columns };
  }

  async start(connectionId: string, request: ImportRequest): Promise<JobSnapshot> {
    const { plan, target, engine, name, sourceCount, driver } = await this.#resolve(connectionId, request);
    const upload = this.#uploads.get(request.uploadId);
    const snapshot = this.#jobs.submit({
      kind: 'import',
      title: `Import ${upload.name} into ${plan.qualified} (${name})`,
      connectionId,
      run: (job) =>
        runImport(
          job,
          {
            target,
            file: upload.file,
            fileSize: upload.size,
            settings: request.settings,
            sourceCount,
            plan,
            mode: request.mode,
            batchRows: request.batchRows,
            transactionalDdl: driver.dialect.capabilities.transactionalDdl,
            maxRecordChars: this.#maxRecordChars,
          },
          engine,
        ),
    });
    // The file goes once its import has ended, whatever the outcome.
    void this.#jobs.finished(snapshot.id).finally(() => this.#uploads.remove(request.uploadId));
    return snapshot;
  }

  async #resolve(connectionId: string, request: { uploadId: string; settings: ParseSettings; target: ImportTarget }): Promise<{ plan: ResolvedPlan; target: ConnectTarget; engine: EngineImport<Engine>; name: string; sourceCount: number; driver: Driver }> {
    const upload = this.#uploads.get(request.uploadId);
    const { name, target } = this.#connections.resolve(connectionId);
    const engine = importFor(target, this.#engines);
    const refusal = engine.refuses?.(target as never);
    if (refusal) throw new AppError('read_only', refusal, 409);
    const sample = await readSample(this.#uploads, upload, request.settings, this.#maxRecordChars);
    if (sample.problem && !sample.rows.length) throw sample.problem;
    const driver = await this.#connections.driver(connectionId);
    const plan = await planImport(driver, engine, request.target, sample.columns);
    return { plan, target, engine, name, sourceCount: sample.columns.length, driver };
  }
}
