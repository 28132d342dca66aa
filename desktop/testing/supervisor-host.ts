// Test fixture: a stand-in for the desktop shell — a process that runs a ServerSupervisor
// over the real built server and can be killed -9 by a test, to show the server does not
// outlive it. Prints `READY <server pid> <port>` once the server is healthy.
//   node desktop/testing/supervisor-host.ts <server entry> <home>
import { nodeLauncher } from '../sidecar-process.ts';
import { ServerSupervisor } from '../supervisor.ts';

const [entry, home] = process.argv.slice(2);
if (!entry || !home) {
  console.error('usage: supervisor-host.ts <server entry> <home>');
  process.exit(2);
}
const supervisor = new ServerSupervisor({ entry, home, launcher: nodeLauncher() });
const ready = await supervisor.start();
console.log(`READY ${ready.pid} ${ready.port}`);
setInterval(() => {}, 60_000); // stay alive until killed
