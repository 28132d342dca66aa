// Waiting with a bound: what the supervisor does at every step of a start and a stop.

export const TIMED_OUT = Symbol('timed out');

/** The promise's value, or TIMED_OUT after `ms` (0: only if already settled). */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
