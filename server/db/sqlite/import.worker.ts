// The worker thread an SQLite import writes through (SQLite never runs on the server's
// event loop): it opens the file, runs the statements it is sent, inserts batches of rows
// (values bound, many rows per statement), and for a CSV in one transaction reads, parses,
// checks and inserts the whole file itself — records never cross threads.
import { parentPort, workerData } from 'node:worker_threads';
import { ImportError } from '../../imports/errors.ts';
import { BatchInsert, RowRefused } from './batch-insert.ts';
import type { ImportWorkerCancel, ImportWorkerReply, ImportWorkerRequest } from './import-protocol.ts';
import { loadCsvFile } from './import-load.ts';
import { openDatabase } from './open-database.ts';

const db = openDatabase({ file: (workerData as { file: string }).file, readOnly: false });
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');
let inserter: BatchInsert | null = null;
let cancelled = false;

const reply = (message: ImportWorkerReply) => parentPort!.postMessage(message);

parentPort!.on('message', (request: ImportWorkerRequest | ImportWorkerCancel) => {
  if (request.type === 'cancel') {
    cancelled = true;
    return;
  }
  if (request.type === 'load') {
    const { id } = request;
    loadCsvFile(db, request.into, request.source, {
      cancelled: () => cancelled,
      progress: (rows, bytes) => reply({ id, progress: { rows, bytes } }),
    }).then(
      (rows) => reply({ id, ok: true, rows }),
      (error: unknown) => {
        const importError = error instanceof ImportError ? error : null;
        reply({ id, ok: false, message: (error as Error).message, row: null, line: importError?.line ?? null, code: importError?.code ?? 'import_failed' });
      },
    );
    return;
  }
  try {
    if (request.type === 'exec') db.exec(request.sql);
    else if (request.type === 'insert') {
      const columns = request.rows[0]?.length ?? 0;
      inserter ??= new BatchInsert(db, request.into, columns);
      for (let r = 0; r < request.rows.length; r++) {
        const row = request.rows[r]!;
        const offset = inserter.offset;
        for (let i = 0; i < columns; i++) inserter.values[offset + i] = row[i];
        inserter.added(r);
      }
      inserter.flush();
    } else db.close();
    reply({ id: request.id, ok: true });
  } catch (error) {
    inserter?.discard(); // the job rolls the batch back
    reply({ id: request.id, ok: false, message: (error as Error).message, row: error instanceof RowRefused ? error.tag : null });
  }
});
