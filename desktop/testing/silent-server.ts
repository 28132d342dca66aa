// Test fixture: a process that starts and runs but never announces a port, like a server
// stuck during startup. It still exits when its parent does, as the real server would.
import { watchParent } from '../../server/lifecycle/parent-watch.ts';

watchParent(() => process.exit(0));
setInterval(() => {}, 60_000);
