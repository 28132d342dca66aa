// Entry point of the DB Toolkit server, run by `npm start`, `npm run dev` and the desktop
// shell. It only checks the Node.js version, turns on V8's code cache (kept in the OS
// temp directory, shared by all instances, surviving restarts) and then loads the server:
// modules loaded after this call — our own code, Next.js — skip most parsing and
// compiling on later starts.
// A namespace import: a named one of an API an older Node lacks fails before any check runs.
import * as nodeModule from 'node:module';
import { nodeTooOld } from './runtime-flags.ts';

const tooOld = nodeTooOld(process.versions.node);
if (tooOld) {
  process.stderr.write(`${tooOld}\n`);
  process.exit(1);
}
nodeModule.enableCompileCache();
await import('./main.ts');
