'use client';
// The current time, re-read every `intervalMs` while `ticking` — for countdowns and
// running timers.
import { useEffect, useState } from 'react';

export function useNow(ticking: boolean, intervalMs: number, clock: () => number = Date.now): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    if (!ticking) return;
    setNow(clock());
    const timer = setInterval(() => setNow(clock()), intervalMs);
    return () => clearInterval(timer);
  }, [ticking, intervalMs, clock]);
  return now;
}
