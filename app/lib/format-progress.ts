// How progress reads: sizes, rates and time left, short and stable enough to update
// several times a second without the text jumping.
import type { JobProgress } from '../../server/protocol/index.ts';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/** "2:05", "1:02:05", "< 1 s". */
export function formatDuration(seconds: number): string {
  if (seconds < 1) return '< 1 s';
  const s = Math.round(seconds);
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}

/**
 * "1,200 / 5,000 rows · 13 MB written" — what is done so far; work counted in bytes reads
 * "120 MB / 251 MB of data"; bytes with a total read "40 MB / 96 MB" (a file read through).
 */
export function formatAmount(progress: JobProgress): string {
  const parts: string[] = [];
  if (progress.done !== null && progress.unit === 'bytes') {
    parts.push(`${formatBytes(progress.done)}${progress.total !== null ? ` / ${formatBytes(progress.total)}` : ''} of data`);
  } else if (progress.done !== null) {
    const total = progress.total !== null ? ` / ${progress.total.toLocaleString()}` : '';
    parts.push(`${progress.done.toLocaleString()}${total}${progress.unit ? ` ${progress.unit}` : ''}`);
  }
  if (progress.bytes !== null) parts.push(progress.totalBytes !== null ? `${formatBytes(progress.bytes)} / ${formatBytes(progress.totalBytes)}` : `${formatBytes(progress.bytes)} written`);
  return parts.join(' · ');
}

/** "850 rows/s · 3.2 MB/s": each rate the work measures. */
export function formatRate(progress: JobProgress): string | null {
  const parts: string[] = [];
  if (progress.rate !== null && progress.done !== null && progress.unit === 'bytes') parts.push(`${formatBytes(progress.rate)}/s of data`);
  else if (progress.rate !== null && progress.done !== null) {
    const rate = progress.rate >= 10 ? Math.round(progress.rate).toLocaleString() : progress.rate.toFixed(1);
    parts.push(progress.unit ? `${rate} ${progress.unit}/s` : `${rate}/s`);
  }
  if (progress.bytesPerSecond !== null && progress.bytes !== null) parts.push(`${formatBytes(progress.bytesPerSecond)}/s`);
  return parts.length ? parts.join(' · ') : null;
}
