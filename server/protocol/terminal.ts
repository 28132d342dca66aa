// /ws/terminal: one pseudo-terminal per socket (one socket per terminal tab). Control
// messages are JSON text frames; terminal output travels server→client as binary frames
// (raw bytes, batched), input as `input` messages. Refused unless the server listens on
// loopback only. Sessions outlive their socket for a grace period, so a client that
// reconnects (`open` with its sessionId) gets its terminal — and the screen — back.
import * as z from 'zod';
import { commonClientMessages, commonServerMessages, RequestId } from './envelope.ts';

const Size = { cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(500) };

export const TerminalSessionId = z.string().min(1).max(64);

/** What a session runs: the user's shell, or a connection's CLI (psql / sqlite3). */
export const TerminalCli = z.object({ connectionId: z.string().min(1).max(200) });

export const TerminalOpen = z.object({
  type: z.literal('open'),
  id: RequestId,
  ...Size,
  /**
   * Reattach to a live session (its scrollback is replayed after `opened`). If another
   * socket holds it, that socket gets `detached`.
   */
  sessionId: TerminalSessionId.optional(),
  /** Start the connection's CLI (psql / sqlite3) instead of the user's shell. */
  cli: TerminalCli.optional(),
});
export const TerminalInput = z.object({ type: z.literal('input'), data: z.string().min(1).max(64 * 1024) });
export const TerminalResize = z.object({ type: z.literal('resize'), ...Size });
/** Ends this socket's session: its process is killed. The socket stays usable for another `open`. */
export const TerminalClose = z.object({ type: z.literal('close'), id: RequestId });

export const TerminalClientMessage = z.discriminatedUnion('type', [...commonClientMessages, TerminalOpen, TerminalInput, TerminalResize, TerminalClose]);
export type TerminalClientMessage = z.infer<typeof TerminalClientMessage>;

export const TerminalExit = z.object({
  exitCode: z.number().int().nullable(),
  /** Signal number that ended the process, or null. */
  signal: z.number().int().nullable(),
});
export type TerminalExit = z.infer<typeof TerminalExit>;

export const TerminalOpened = z.object({
  type: z.literal('opened'),
  id: RequestId,
  sessionId: TerminalSessionId,
  /** What runs in it, e.g. "bash" or "psql — Sample". */
  title: z.string(),
  reattached: z.boolean(),
});
/** The process ended (also sent right after `opened` when reattaching to an ended session). */
export const TerminalExited = z.object({ type: z.literal('exited'), ...TerminalExit.shape });
/** Another socket (another window) took this session over; `open` with its id takes it back. */
export const TerminalDetached = z.object({ type: z.literal('detached'), sessionId: TerminalSessionId });
export const TerminalClosed = z.object({ type: z.literal('closed'), id: RequestId });

export const TerminalServerMessage = z.discriminatedUnion('type', [...commonServerMessages, TerminalOpened, TerminalExited, TerminalDetached, TerminalClosed]);
export type TerminalServerMessage = z.infer<typeof TerminalServerMessage>;

/** A live session as GET /api/terminal lists it: the UI rebuilds its tabs from these. */
export const TerminalSessionInfo = z.object({
  sessionId: TerminalSessionId,
  title: z.string(),
  cli: TerminalCli.optional(),
  createdAt: z.string(),
  /** A socket holds it right now. */
  attached: z.boolean(),
  /** Set once the process has ended (the session stays until closed or its grace period ends). */
  exit: TerminalExit.optional(),
});
export type TerminalSessionInfo = z.infer<typeof TerminalSessionInfo>;

/** GET /api/terminal. */
export const TerminalStatus = z.object({
  enabled: z.boolean(),
  /** Why the terminal is disabled, worded for the user. */
  reason: z.string().optional(),
  /** In creation order. */
  sessions: z.array(TerminalSessionInfo),
});
export type TerminalStatus = z.infer<typeof TerminalStatus>;
