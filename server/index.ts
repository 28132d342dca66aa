// Entry point of the DB Toolkit server, run by `npm start`, `npm run dev` and the desktop
// shell. It only turns on V8's code cache (kept in the OS temp directory, shared by all
// instances, surviving restarts) and then loads the server: modules loaded after this
// call — our own code, Next.js — skip most parsing and compiling on later starts.
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./main.ts');
