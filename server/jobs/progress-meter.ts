// A job's progress as its work reports it, and what the UI derives from it: a rate
// measured over the last seconds (so a stall shows as a falling rate, not a frozen one)
// and the time left at that rate. When the work says its pace changed (side work that
// shared the CPU with it ended), the rate starts again from there: on two cores a dump
// speeds up once its checksum query is done, and a rate averaged over the slow part
// would give an ETA far too long.
import type { JobProgress } from '../protocol/index.ts';

/** What a job's work reports; omitted fields keep their value, a new phase clears them. */
export interface ProgressUpdate {
  phase?: string;
  done?: number;
  total?: number | null;
  unit?: string;
  bytes?: number;
  totalBytes?: number | null;
  /**
   * The work's pace changed from this report on (side work that ran beside it ended):
   * the rate, and so the ETA, is measured from here, blended with the rate before over the
   * new pace's first second, so the ETA does not jump on its first noisy samples.
   */
  paceChanged?: boolean;
}

/** The rate is measured over this window: long enough to smooth bursts, short enough to follow change. */
const RATE_WINDOW_MS = 10_000;
/** Less than this much history gives no rate (and no ETA) rather than a wild one. */
const MIN_RATE_SPAN_MS = 1_000;
/** After a pace mark, the rate since it starts to count this long after it (fully at MIN_RATE_SPAN_MS). */
const PACE_FIRST_WEIGHS_MS = 500;
const SAMPLE_EVERY_MS = 250;

interface Sample {
  at: number;
  done: number | null;
  bytes: number | null;
}

export class ProgressMeter {
  #phase: string | null = null;
  #done: number | null = null;
  #total: number | null = null;
  #unit: string | null = null;
  #bytes: number | null = null;
  #totalBytes: number | null = null;
  #samples: Sample[] = [];
  /** Where the current pace began (a `paceChanged` report), or null. */
  #paceFrom: Sample | null = null;
  #reported = false;

  /** False until the work first reported progress: the snapshot then has none. */
  get reported(): boolean {
    return this.#reported;
  }

  update(update: ProgressUpdate, now: number): void {
    this.#reported = true;
    if (update.phase !== undefined && update.phase !== this.#phase) {
      this.#phase = update.phase;
      this.#done = this.#total = this.#bytes = this.#totalBytes = null;
      this.#unit = null;
      this.#samples = [];
      this.#paceFrom = null;
    }
    if (update.total !== undefined) this.#total = clean(update.total);
    if (update.totalBytes !== undefined) this.#totalBytes = clean(update.totalBytes);
    if (update.unit !== undefined) this.#unit = update.unit;
    const doneBefore = this.#done;
    const bytesBefore = this.#bytes;
    if (update.done !== undefined) this.#done = clean(update.done);
    if (update.bytes !== undefined) this.#bytes = clean(update.bytes);
    // Counting backwards (a retried step) makes the history meaningless: start it again.
    if ((doneBefore !== null && this.#done !== null && this.#done < doneBefore) || (bytesBefore !== null && this.#bytes !== null && this.#bytes < bytesBefore)) {
      this.#samples = [];
      this.#paceFrom = null;
    }
    this.#sample(now);
    if (update.paceChanged) this.#paceFrom = { at: now, done: this.#done, bytes: this.#bytes };
  }

  snapshot(now: number): JobProgress | null {
    if (!this.#reported) return null;
    const rate = this.#rate(now, (s) => s.done, this.#done);
    const bytesPerSecond = this.#rate(now, (s) => s.bytes, this.#bytes);
    const byBytes = this.#totalBytes !== null && this.#bytes !== null;
    const fraction = byBytes ? ratio(this.#bytes!, this.#totalBytes!) : this.#total !== null && this.#done !== null ? ratio(this.#done, this.#total) : null;
    let etaSeconds: number | null = null;
    if (byBytes && bytesPerSecond) etaSeconds = Math.max(0, this.#totalBytes! - this.#bytes!) / bytesPerSecond;
    else if (!byBytes && this.#total !== null && this.#done !== null && rate) etaSeconds = Math.max(0, this.#total - this.#done) / rate;
    return {
      phase: this.#phase,
      done: this.#done,
      total: this.#total,
      unit: this.#unit,
      bytes: this.#bytes,
      totalBytes: this.#totalBytes,
      rate,
      bytesPerSecond,
      fraction,
      etaSeconds: etaSeconds === null ? null : Math.round(etaSeconds * 10) / 10,
    };
  }

  #sample(now: number): void {
    const last = this.#samples.at(-1);
    if (last && now - last.at < SAMPLE_EVERY_MS) return;
    this.#samples.push({ at: now, done: this.#done, bytes: this.#bytes });
    // Keep one sample at or before the window's start as the baseline.
    while (this.#samples.length > 2 && this.#samples[1]!.at <= now - RATE_WINDOW_MS) this.#samples.shift();
  }

  /**
   * Units per second from the window's baseline sample to now (not to the last report).
   * After a pace mark, the rate since the mark takes over: half a second in, it starts to
   * weigh in, more and more until it alone counts a second in — the first readings of a new
   * pace are few and noisy, and a phase of a few seconds cannot wait long for them.
   */
  #rate(now: number, pick: (s: Sample) => number | null, current: number | null): number | null {
    let baseline = this.#samples[0];
    for (const sample of this.#samples) {
      if (sample.at > now - RATE_WINDOW_MS) break;
      baseline = sample;
    }
    if (!baseline || current === null) return null;
    const windowed = rateSince(baseline, now, pick, current, MIN_RATE_SPAN_MS);
    const pace = this.#paceFrom;
    if (!pace || pace.at <= baseline.at) return windowed;
    const since = rateSince(pace, now, pick, current, PACE_FIRST_WEIGHS_MS);
    if (since === null || windowed === null) return since ?? windowed;
    const weight = Math.min(1, (now - pace.at) / MIN_RATE_SPAN_MS);
    return weight * since + (1 - weight) * windowed;
  }
}

/** Units per second from `from` to now, or null when less than `minSpanMs` lies between. */
function rateSince(from: Sample, now: number, pick: (s: Sample) => number | null, current: number, minSpanMs: number): number | null {
  const start = pick(from);
  const spanMs = now - from.at;
  if (start === null || spanMs < minSpanMs) return null;
  return Math.max(0, current - start) / (spanMs / 1000);
}

function clean(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : Math.max(0, value);
}

function ratio(part: number, whole: number): number {
  return whole <= 0 ? 1 : Math.min(1, part / whole);
}
