// How SQLite takes imported booleans and zoned timestamps: shared by the import's engine
// entry (import.ts) and its worker thread (import.worker.ts), which checks rows itself.
import type { ValueStyle } from '../../imports/infer.ts';

export const sqliteValueStyle: ValueStyle = { boolean: (value) => (value ? '1' : '0'), timestamptz: (value) => value };
