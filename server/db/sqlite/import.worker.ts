// The worker thread an SQLite import writes through (SQLite never runs on the server's
// event loop): it opens the file, runs the statements it is sent and inserts batches of
// rows with one prepared INSERT, each value bound. Replies carry the request's id.
import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { ImportWorkerReply, ImportWorkerRequest } from './import-protocol.ts';
import { openDatabase } from './open-database.ts';

const db = openDatabase({ file: (workerData as { file: string }).file, readOnly: false });
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');
let insert: Database.Statement | null = null;

parentPort!.on('message', (request: ImportWorkerRequest) => {
  let reply: ImportWorkerReply;
  let row = -1;
  try {
    if (request.type === 'exec') db.exec(request.sql);
    else if (request.type === 'insert') {
      insert ??= db.prepare(request.sql);
      for (row = 0; row < request.rows.length; row++) insert.run(request.rows[row]!);
    } else {
      db.close();
    }
    reply = { id: request.id, ok: true };
  } catch (error) {
    reply = { id: request.id, ok: false, message: (error as Error).message, row: row >= 0 ? row : null };
  }
  parentPort!.postMessage(reply);
});
