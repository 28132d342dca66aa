// Messages between an SQLite import (import.ts) and its worker thread (import.worker.ts).
export type ImportWorkerRequest =
  | { id: number; type: 'exec'; sql: string }
  | { id: number; type: 'insert'; sql: string; rows: (string | null)[][] }
  | { id: number; type: 'close' };

export type ImportWorkerReply = { id: number; ok: true } | { id: number; ok: false; message: string; row: number | null };
