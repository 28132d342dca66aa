// One readable line per log record for stdout; the log file keeps the full JSON.
import type { LogEntry } from '../protocol/index.ts';

export function formatForConsole(entry: LogEntry): string {
  const time = entry.time.slice(11, 23); // HH:MM:SS.mmm of an ISO timestamp
  const fields = Object.entries(entry.fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${time} ${entry.level.toUpperCase().padEnd(5)} ${entry.msg}${fields ? `  ${fields}` : ''}\n`;
}
