// /ws/terminal: a real shell (or a connection's psql / sqlite3) in a pseudo-terminal, one
// session per socket. Only offered while the server listens on loopback (upgrade.ts
// refuses it otherwise); the launch token and Origin are checked there like for every socket.
// Sessions belong to the TerminalSessions registry, not to the socket: a dropped socket
// leaves its session running for a grace period, and `open` with its id reattaches.
import type { ConnectTarget } from '../db/driver.ts';
import { AppError } from '../errors.ts';
import type { SecretScrubber } from '../logging/secret-scrubber.ts';
import { TerminalClientMessage, WS_PATHS, type TerminalServerMessage } from '../protocol/index.ts';
import type { TerminalAvailability } from '../terminal/availability.ts';
import { cliCommand } from '../terminal/cli-command.ts';
import { startDirectory, terminalEnvironment, userShell } from '../terminal/environment.ts';
import type { OutputSink, SpawnSpec, TerminalSession } from '../terminal/session.ts';
import type { TerminalSessions } from '../terminal/sessions.ts';
import { Endpoint, type Connection, type EndpointContext } from './endpoint.ts';

/** Looks up a saved connection with its decrypted password (the connection store's job). */
export type ResolveConnection = (connectionId: string) => Promise<{ name: string; target: ConnectTarget }>;

export interface TerminalEndpointDeps {
  sessions: TerminalSessions;
  resolveConnection: ResolveConnection;
  availability: TerminalAvailability;
  secrets: SecretScrubber;
  /** The environment terminals inherit (default: the server's). */
  env?: Record<string, string | undefined>;
}

type Conn = Connection<TerminalServerMessage>;
type OpenMessage = Extract<TerminalClientMessage, { type: 'open' }>;

export function createTerminalEndpoint(context: EndpointContext, deps: TerminalEndpointDeps) {
  const { sessions } = deps;
  const env = deps.env ?? process.env;
  /** The session each socket is attached to, with the sink that feeds the socket. */
  const attached = new WeakMap<Conn, { session: TerminalSession; sink: OutputSink }>();

  const current = (conn: Conn) => {
    const attachment = attached.get(conn);
    if (!attachment) throw new AppError('not_open', 'No terminal is open on this socket; send "open" first.');
    return attachment.session;
  };

  // Lets go of the socket's session (it survives its grace period) without killing it.
  const release = (conn: Conn) => {
    const attachment = attached.get(conn);
    attached.delete(conn);
    if (attachment) sessions.detach(attachment.session, attachment.sink);
  };

  const socketSink = (conn: Conn): OutputSink => {
    const sink: OutputSink = {
      send: (chunk, written) => conn.sendBinary(chunk, written),
      buffered: () => conn.buffered,
      exited: (exit) => conn.send({ type: 'exited', ...exit }),
      detached: () => {
        const attachment = attached.get(conn);
        if (attachment?.sink !== sink) return;
        attached.delete(conn);
        conn.send({ type: 'detached', sessionId: attachment.session.id });
      },
    };
    return sink;
  };

  const spawnSpec = async (message: OpenMessage): Promise<SpawnSpec> => {
    if (!message.cli) return { ...userShell(env), env: terminalEnvironment(env), cwd: startDirectory() };
    const { connectionId } = message.cli;
    const { name, target } = await deps.resolveConnection(connectionId);
    if (target.password) deps.secrets.add(target.password);
    return { ...cliCommand(target, name, { env }), cwd: startDirectory(), cli: { connectionId } };
  };

  const open = async (conn: Conn, message: OpenMessage) => {
    if (!deps.availability.enabled) throw new AppError('terminal_disabled', deps.availability.reason ?? 'The terminal is disabled.', 403);
    release(conn);
    const sink = socketSink(conn);
    const size = { cols: message.cols, rows: message.rows };

    if (message.sessionId) {
      const { session, replay } = sessions.reattach(message.sessionId, sink);
      attached.set(conn, { session, sink });
      session.resize(size.cols, size.rows);
      conn.send({ type: 'opened', id: message.id, sessionId: session.id, title: session.title, reattached: true });
      if (replay.length > 0) conn.sendBinary(replay);
      if (session.exit) conn.send({ type: 'exited', ...session.exit });
      return;
    }

    const spec = await spawnSpec(message);
    if (conn.ws.readyState !== conn.ws.OPEN) {
      spec.cleanup?.(); // the client left while the connection was being looked up
      return;
    }
    release(conn); // in case another `open` on this socket finished meanwhile
    const session = sessions.open(spec, size, sink);
    attached.set(conn, { session, sink });
    conn.send({ type: 'opened', id: message.id, sessionId: session.id, title: session.title, reattached: false });
  };

  return new Endpoint<TerminalClientMessage, TerminalServerMessage>(
    {
      path: WS_PATHS.terminal,
      schema: TerminalClientMessage,
      loopbackOnly: true,
      onOpen(conn) {
        conn.onClose(() => release(conn));
      },
      async onMessage(conn, message) {
        switch (message.type) {
          case 'open':
            return open(conn, message);
          case 'input':
            return current(conn).write(message.data);
          case 'resize':
            return current(conn).resize(message.cols, message.rows);
          case 'close': {
            const attachment = attached.get(conn);
            attached.delete(conn);
            if (attachment) {
              attachment.session.detach(attachment.sink); // the client asked: no `exited` notice
              await sessions.close(attachment.session.id);
            }
            conn.send({ type: 'closed', id: message.id });
            return;
          }
        }
      },
    },
    context,
  );
}
