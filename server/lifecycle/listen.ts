// Port rules: BACKEND_PORT pins the port (busy → StartupError naming it); otherwise the
// first port from 8000 to 8100 that our own server manages to bind — binding *is* the test,
// so no other process can take the port between a probe and the listen — and past the
// range, any free port the OS picks.
import type { Server } from 'node:http';
import { PORT_RANGE } from '../config.ts';
import { StartupError } from '../errors.ts';
import { LAUNCH_ENV } from './launch-contract.ts';

const SKIPPABLE = new Set(['EADDRINUSE', 'EACCES']);

export async function listenOnPort(
  server: Server,
  host: string,
  pinnedPort: number | undefined,
  range: { first: number; last: number } = PORT_RANGE,
): Promise<number> {
  if (pinnedPort !== undefined) {
    try {
      return await tryListen(server, host, pinnedPort);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'EADDRINUSE' ? 'is already in use' : `cannot be bound (${code ?? (error as Error).message})`;
      throw new StartupError(`Port ${pinnedPort} (${LAUNCH_ENV.port}) ${why} on ${host}.`, { cause: error });
    }
  }
  for (let port = range.first; port <= range.last; port++) {
    try {
      return await tryListen(server, host, port);
    } catch (error) {
      if (!SKIPPABLE.has((error as NodeJS.ErrnoException).code ?? '')) throw bindFailure(host, error);
    }
  }
  try {
    return await tryListen(server, host, 0);
  } catch (error) {
    throw bindFailure(host, error);
  }
}

function tryListen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port, exclusive: true });
  });
}

function bindFailure(host: string, error: unknown): StartupError {
  return new StartupError(`Cannot listen on ${host}: ${(error as Error).message}`, { cause: error });
}
