// Structured logging: pino records go, already redacted, to stdout (readable), to
// <home>/logs/server.log (JSON, rotated by size) and to the in-memory buffer behind /ws/logs.
import { mkdirSync } from 'node:fs';
import { pino, type Logger } from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import type { LogEntry, LogLevel } from '../protocol/index.ts';
import { formatForConsole } from './console-format.ts';
import { LogBuffer } from './log-buffer.ts';
import { SecretScrubber } from './secret-scrubber.ts';

export const LOG_FILE_NAME = 'server.log';
const MAX_FILE_SIZE = '10M';
const ROTATED_FILES_KEPT = 5;
const BUFFERED_ENTRIES = 2000;

const LEVEL_NAMES: Record<number, LogLevel> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** Field names whose values are secrets wherever they appear in a record. */
const REDACTED_PATHS = [
  'password', '*.password', 'token', '*.token', 'secret', '*.secret',
  'connectionString', '*.connectionString', 'url', '*.url',
  'headers.cookie', 'headers.authorization', '*.headers.cookie', '*.headers.authorization',
];

export interface ServerLog {
  logger: Logger;
  buffer: LogBuffer;
  secrets: SecretScrubber;
  file: string;
  /** Last error writing the log file, for /status. */
  fileError(): Error | undefined;
  /** Flushes and closes the file; call last on shutdown. */
  close(): Promise<void>;
}

export interface ServerLogOptions {
  logsDir: string;
  level: string;
  /** Where readable lines go (stdout by default). */
  console?: { write(text: string): unknown };
  /** Rotation: size of one file, e.g. '10M', and how many rotated files to keep. */
  maxFileSize?: string;
  filesKept?: number;
}

export function createServerLog(options: ServerLogOptions): ServerLog {
  mkdirSync(options.logsDir, { recursive: true, mode: 0o700 });
  const secrets = new SecretScrubber();
  const buffer = new LogBuffer(BUFFERED_ENTRIES);
  const file: RotatingFileStream = createStream(LOG_FILE_NAME, {
    path: options.logsDir,
    size: options.maxFileSize ?? MAX_FILE_SIZE,
    rotate: options.filesKept ?? ROTATED_FILES_KEPT,
    mode: 0o600,
  });
  let fileError: Error | undefined;
  file.on('error', (error: Error) => {
    fileError = error;
  });
  const consoleOut = options.console ?? process.stdout;
  let seq = 0;

  const destination = {
    write(line: string): void {
      const clean = secrets.scrub(line);
      if (!fileError) file.write(clean);
      const entry = toEntry(clean, seq++);
      consoleOut.write(formatForConsole(entry));
      buffer.push(entry);
    },
  };

  const logger = pino(
    {
      level: options.level,
      base: undefined, // pid/hostname are constant; /status reports them
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );

  return {
    logger,
    buffer,
    secrets,
    file: `${options.logsDir}/${LOG_FILE_NAME}`,
    fileError: () => fileError,
    close: () => new Promise<void>((resolve) => {
      if (file.destroyed || file.writableEnded) return resolve();
      file.end(() => resolve());
    }),
  };
}

function toEntry(line: string, seq: number): LogEntry {
  const { time, level, msg, ...fields } = JSON.parse(line) as Record<string, unknown>;
  return {
    seq,
    time: typeof time === 'string' ? time : new Date().toISOString(),
    level: LEVEL_NAMES[level as number] ?? 'info',
    msg: typeof msg === 'string' ? msg : '',
    fields,
  };
}
