// A TCP server that accepts connections and never says a word: a database that does not
// answer, for connect-timeout tests (a non-routable address is refused outright in some
// sandboxes, so it cannot stand in for one).
import { createServer, type Socket } from 'node:net';

export async function withSilentServer<T>(use: (port: number) => Promise<T>): Promise<T> {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    return await use((silent.address() as { port: number }).port);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
}
