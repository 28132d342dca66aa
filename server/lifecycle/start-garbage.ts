// One memory-reducing garbage collection once the start is over. Evaluating the server's
// modules and preparing Next.js allocate fast, so V8 grows the young generation to its
// maximum (--max-semi-space-size) and keeps the start's garbage around; an idle server
// allocates too little for V8's memory reducer ever to run (measured: RSS unchanged 15 s
// after start). One "last resort" collection — what V8 does on a low-memory notification —
// shrinks the young generation and returns the freed pages: ≈ 13 MB of idle RSS for one
// pause of 50–90 ms, taken when the first page's burst is over (README: Benchmarks).
import { collectGarbage } from '../lib/collect-garbage.ts';

/** After the pages are ready, long enough for a launcher's first page to have loaded. */
export const START_GARBAGE_DELAY_MS = 500;

/** Collects the start's garbage `afterMs` from now, unless the process exits first. */
export function collectStartGarbage(afterMs: number): void {
  setTimeout(() => collectGarbage('last-resort'), afterMs).unref();
}
