// Keeps long jobs' garbage from piling up in the server's memory. Backups, restores and
// imports stream hundreds of megabytes through the server (a dump piped through gzip, an
// archive read back, a built-in dump's rows). Chunks and rows that wait in a stream across
// two young-generation collections are promoted, and V8 frees the promoted ones only in a
// full collection, which it starts by itself late: once external memory has grown by 64 MB,
// or the old generation by its growing factor. A 200 MB MariaDB backup grew the server's RSS
// by 60–70 MB that way, all of it garbage (bench/backup.ts). So while a job runs, the server
// looks 20 times a second at what V8 holds (heap and external memory: a 1 µs question) and
// collects once that is GROWTH_BYTES above what the last collection left: a pause of
// ~10 ms, a few times per 100 MB streamed. Often, as an archive decompresses at 200 MB/s.
import { getHeapStatistics } from 'node:v8';
import { collectGarbage } from '../lib/collect-garbage.ts';

export const GROWTH_BYTES = 24 * 1024 * 1024;
const CHECK_EVERY_MS = 50;

let watching = 0;
let timer: NodeJS.Timeout | undefined;
/** What V8 held after the last collection (or the least seen since). */
let floor = 0;

function held(): number {
  const { used_heap_size, external_memory } = getHeapStatistics();
  return used_heap_size + external_memory;
}

function check(collect: () => void): void {
  const now = held();
  if (now < floor) floor = now;
  else if (now - floor >= GROWTH_BYTES) {
    collect();
    floor = held();
  }
}

/** Watches memory while a job runs; call the returned function when it ends. */
export function watchJobMemory(collect: () => void = collectGarbage): () => void {
  if (watching++ === 0) {
    floor = held();
    timer = setInterval(() => check(collect), CHECK_EVERY_MS).unref();
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--watching === 0) clearInterval(timer);
  };
}
