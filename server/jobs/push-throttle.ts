// How often a job's changes reach the websockets: progress may be reported thousands of
// times a second, but windows get at most one push per `minIntervalMs`, and while the job
// runs at least one per `maxIntervalMs` (the rate and ETA move even when the work is quiet).
export interface PushIntervals {
  minIntervalMs: number;
  maxIntervalMs: number;
}

export const DEFAULT_PUSH_INTERVALS: PushIntervals = { minIntervalMs: 250, maxIntervalMs: 1000 };

export class PushThrottle {
  readonly #push: () => void;
  readonly #intervals: PushIntervals;
  #lastPushAt = 0;
  #soon: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #beating = false;

  constructor(push: () => void, intervals: PushIntervals) {
    this.#push = push;
    this.#intervals = intervals;
  }

  /** Something changed: push now, or as soon as the minimum interval allows. */
  changed(): void {
    if (this.#soon) return;
    const wait = this.#lastPushAt + this.#intervals.minIntervalMs - Date.now();
    if (wait <= 0) this.now();
    else this.#soon = unref(setTimeout(() => this.now(), wait));
  }

  /** Push at once (a state change must not wait). */
  now(): void {
    clearTimeout(this.#soon);
    clearTimeout(this.#heartbeat);
    this.#soon = undefined;
    this.#lastPushAt = Date.now();
    this.#push();
    if (this.#beating) this.#heartbeat = unref(setTimeout(() => this.now(), this.#intervals.maxIntervalMs));
  }

  /** While the job runs: never longer than the maximum interval without a push. */
  beat(on: boolean): void {
    this.#beating = on;
    clearTimeout(this.#heartbeat);
    if (on) this.#heartbeat = unref(setTimeout(() => this.now(), this.#intervals.maxIntervalMs));
  }
}

function unref(timer: NodeJS.Timeout): NodeJS.Timeout {
  timer.unref();
  return timer;
}
