// The server's health endpoint, seen from the supervisor: one probe with a timeout, the
// wait for readiness after start (100 ms, doubling to 1 s between probes, bounded), and
// the watch while it runs (a server that misses several probes in a row is hung).

export interface StatusReply {
  status: 'ok' | 'degraded';
  pid: number;
  port: number;
  version: string;
}

/** One GET /status; resolves with the reply when it is 200, else with why not. */
export async function probeStatus(port: number, timeoutMs: number): Promise<{ ok: true; reply: StatusReply } | { ok: false; why: string }> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/status`, { signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
    const body = await res.text();
    if (res.status !== 200) return { ok: false, why: `GET /status answered ${res.status}` };
    return { ok: true, reply: JSON.parse(body) as StatusReply };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    return { ok: false, why: e.name === 'TimeoutError' ? `GET /status timed out after ${timeoutMs} ms` : (e.cause?.code ?? e.message) };
  }
}

const FIRST_PAUSE_MS = 100;
const MAX_PAUSE_MS = 1000;

/**
 * Polls /status until it answers 200, the deadline passes, or `gone` settles (the process
 * died). Resolves with the reply, or with the last reason it was not ready.
 */
export async function waitForReady(port: number, deadlineMs: number, gone: Promise<unknown>): Promise<{ ok: true; reply: StatusReply } | { ok: false; why: string }> {
  const deadline = Date.now() + deadlineMs;
  let pause = FIRST_PAUSE_MS;
  let died = false;
  void gone.then(() => (died = true));
  for (;;) {
    const left = deadline - Date.now();
    const result = await probeStatus(port, Math.max(1, Math.min(left, 2000)));
    if (result.ok || died) return result;
    if (Date.now() + pause > deadline) return { ok: false, why: result.why };
    await Promise.race([new Promise((resolve) => setTimeout(resolve, pause)), gone]);
    pause = Math.min(pause * 2, MAX_PAUSE_MS);
  }
}

export interface HealthWatchSettings {
  intervalMs: number;
  timeoutMs: number;
  /** Consecutive failed probes that mean "hung": the process is killed and restarted. */
  failures: number;
}

export const DEFAULT_HEALTH_WATCH: HealthWatchSettings = { intervalMs: 5_000, timeoutMs: 2_000, failures: 3 };

/** Probes a running server every `intervalMs`; reports each failure, and `hung` once they reach `failures` in a row. */
export class HealthWatch {
  readonly #timer: NodeJS.Timeout;
  #stopped = false;

  constructor(port: number, settings: HealthWatchSettings, on: { failed(count: number, why: string): void; hung(why: string): void }) {
    let failures = 0;
    let probing = false;
    this.#timer = setInterval(async () => {
      if (probing) return;
      probing = true;
      const result = await probeStatus(port, settings.timeoutMs);
      probing = false;
      if (this.#stopped) return;
      if (result.ok) {
        failures = 0;
        return;
      }
      failures++;
      on.failed(failures, result.why);
      if (failures >= settings.failures) on.hung(result.why);
    }, settings.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
  }
}
