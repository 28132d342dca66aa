// Files uploaded for import: streamed to <home>/imports/<id>.upload (never held in
// memory), bounded by a configurable size, removed when their import ends or is
// abandoned (DELETE), and swept at the next start if the server stopped first.
import { randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, fsyncSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { AppError, NotFoundError, PayloadTooLargeError } from '../errors.ts';
import type { ImportUpload } from '../protocol/index.ts';

export interface StoredUpload extends ImportUpload {
  file: string;
}

export class UploadStore {
  readonly dir: string;
  readonly maxBytes: number;
  readonly #uploads = new Map<string, StoredUpload>();

  constructor(home: string, maxBytes: number) {
    this.dir = join(home, 'imports');
    this.maxBytes = maxBytes;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /** Removes what a previous run left (its uploads were never going to be imported). */
  sweep(): string[] {
    const removed = readdirSync(this.dir).filter((f) => f.endsWith('.upload') || f.endsWith('.partial'));
    for (const file of removed) rmSync(join(this.dir, file), { force: true });
    return removed;
  }

  /** `declaredBytes`: the request's Content-Length, refused at once when over the limit. */
  async save(body: Readable, name: string, declaredBytes = 0): Promise<ImportUpload> {
    if (declaredBytes > this.maxBytes) {
      body.resume();
      throw new PayloadTooLargeError(this.maxBytes);
    }
    const uploadId = randomBytes(16).toString('hex');
    const file = join(this.dir, `${uploadId}.upload`);
    const partial = `${file}.partial`;
    let size = 0;
    const limit = this.maxBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        callback(size > limit ? new PayloadTooLargeError(limit) : null, chunk);
      },
    });
    try {
      await pipeline(body, counter, createWriteStream(partial, { mode: 0o600 }));
      const fd = openSync(partial, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(partial, file);
    } catch (error) {
      rmSync(partial, { force: true });
      if (error instanceof AppError) throw error;
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw new AppError('disk_full', `The disk holding ${this.dir} is full: the upload was not kept.`, 507);
      throw new AppError('upload_failed', `The upload did not complete: ${(error as Error).message}`, 400, { cause: error });
    }
    const upload = { uploadId, name: name.slice(0, 255) || 'upload', size, file };
    this.#uploads.set(uploadId, upload);
    return { uploadId, name: upload.name, size };
  }

  get(uploadId: string): StoredUpload {
    const upload = this.#uploads.get(uploadId);
    if (!upload) throw new NotFoundError(`No uploaded file "${uploadId}" (it is removed once imported; upload it again).`);
    return upload;
  }

  /** The file's first bytes, for detection. */
  head(upload: StoredUpload, bytes = 64 * 1024): Buffer {
    const fd = openSync(upload.file, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(bytes, upload.size));
      const read = readSync(fd, buffer, 0, buffer.length, 0);
      return buffer.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  }

  remove(uploadId: string): void {
    const upload = this.#uploads.get(uploadId);
    if (!upload) return;
    this.#uploads.delete(uploadId);
    rmSync(upload.file, { force: true });
  }
}
