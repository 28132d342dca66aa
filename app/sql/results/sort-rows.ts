// Sorting a complete result in the browser without freezing it: a stable bottom-up merge
// sort of row indices that works in slices of a few milliseconds and gives the page back
// in between, so a million rows sort while the grid still scrolls and the keyboard works.
// The order follows the column's kind: numbers by value (the cells are the CLI's text),
// other text by code unit; NULLs last going up and first going down, as PostgreSQL does.

export type SortDirection = 'asc' | 'desc';

export interface SortOptions {
  /** Work per slice before giving the page back. */
  sliceMs?: number;
  signal?: AbortSignal;
  /** How to give the page back between slices (tests pass a stub). */
  pause?: () => Promise<void>;
}

const RANK_NUMBER = 0;
const RANK_TEXT = 1; // a non-numeric text in a numeric column (e.g. NaN): after the numbers
const RANK_NULL = 2;
const CHECK_EVERY = 4096;

/** The permutation that orders `count` rows by `cellAt(row)`: view row i shows data row order[i]. */
export async function sortOrder(count: number, cellAt: (row: number) => string | null | undefined, numeric: boolean, direction: SortDirection, options: SortOptions = {}): Promise<Uint32Array> {
  const sliceMs = options.sliceMs ?? 8;
  const pause = options.pause ?? giveBack;
  const steps = sortSteps(count, cellAt, numeric, direction);
  for (;;) {
    const until = performance.now() + sliceMs;
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (performance.now() >= until) break;
    }
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('sort aborted');
    await pause();
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('sort aborted');
  }
}

/** The whole sort at once (small results, tests). */
export function sortOrderSync(count: number, cellAt: (row: number) => string | null | undefined, numeric: boolean, direction: SortDirection): Uint32Array {
  const steps = sortSteps(count, cellAt, numeric, direction);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The sort as a generator that yields every few thousand operations. */
function* sortSteps(count: number, cellAt: (row: number) => string | null | undefined, numeric: boolean, direction: SortDirection): Generator<void, Uint32Array> {
  const rank = new Uint8Array(count);
  const numbers = numeric ? new Float64Array(count) : null;
  const texts: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const cell = cellAt(i);
    if (cell === null || cell === undefined) rank[i] = RANK_NULL;
    else if (numbers) {
      const value = cell.trim() === '' ? NaN : Number(cell);
      if (Number.isNaN(value)) {
        rank[i] = RANK_TEXT;
        texts[i] = cell;
      } else numbers[i] = value;
    } else {
      rank[i] = RANK_NUMBER;
      texts[i] = cell;
    }
    if ((i & (CHECK_EVERY - 1)) === 0) yield;
  }
  const sign = direction === 'asc' ? 1 : -1;
  // Ascending: numbers/text, then NULL; descending reverses all of it. Ties keep data order.
  const compare = (a: number, b: number): number => {
    const ra = rank[a]!;
    const rb = rank[b]!;
    if (ra !== rb) return (ra - rb) * sign;
    if (ra === RANK_NULL) return 0;
    if (numbers && ra === RANK_NUMBER) return (numbers[a]! - numbers[b]!) * sign;
    const ta = texts[a]!;
    const tb = texts[b]!;
    return ta < tb ? -sign : ta > tb ? sign : 0;
  };

  let from = new Uint32Array(count);
  for (let i = 0; i < count; i++) from[i] = i;
  let to = new Uint32Array(count);
  let ops = 0;
  for (let width = 1; width < count; width *= 2) {
    for (let left = 0; left < count; left += 2 * width) {
      const middle = Math.min(left + width, count);
      const right = Math.min(left + 2 * width, count);
      let i = left;
      let j = middle;
      let k = left;
      while (i < middle && j < right) {
        // `<= 0` takes the left run first on ties: stable.
        to[k++] = compare(from[i]!, from[j]!) <= 0 ? from[i++]! : from[j++]!;
        if (++ops === CHECK_EVERY) {
          ops = 0;
          yield;
        }
      }
      while (i < middle) to[k++] = from[i++]!;
      while (j < right) to[k++] = from[j++]!;
    }
    [from, to] = [to, from];
  }
  return from;
}

/** Gives the page back: to input and rendering first where the browser can say so. */
function giveBack(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
