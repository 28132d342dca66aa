// The product's features, each plugged into the server through the ServerContext. Order
// matters only where one feature uses another's service.
import type { ServerContext } from './context.ts';
import type { WsEndpoint } from './ws/endpoint.ts';

export async function registerFeatures(_context: ServerContext): Promise<WsEndpoint[]> {
  return [];
}
