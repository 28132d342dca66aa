// The product's features, each plugged into the server through the ServerContext. Order
// matters only where one feature uses another's service.
import { registerTerminalRoutes } from './api/terminal.ts';
import type { ServerContext } from './context.ts';
import { NotFoundError } from './errors.ts';
import { terminalAvailability } from './terminal/availability.ts';
import { TerminalSessions } from './terminal/sessions.ts';
import type { WsEndpoint } from './ws/endpoint.ts';
import { createTerminalEndpoint, type ResolveConnection } from './ws/terminal.ts';

// Placeholder until the connection store lands: "Open CLI" answers with this error.
const resolveConnection: ResolveConnection = () => Promise.reject(new NotFoundError('Connection store not available yet'));

export async function registerFeatures(context: ServerContext): Promise<WsEndpoint[]> {
  const availability = terminalAvailability(context.loopbackOnly, process.platform);
  const terminals = new TerminalSessions({ log: context.log });
  context.shutdown.onShutdown('terminal sessions', () => terminals.closeAll());
  registerTerminalRoutes(context.api, terminals, availability);
  const terminal = createTerminalEndpoint(context.endpoint, { sessions: terminals, resolveConnection, availability, secrets: context.secrets });
  return [terminal];
}
