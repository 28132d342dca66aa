// The line splitter lives with the server (jobs use it too); the shell imports it from here.
export { forEachLine } from '../server/lib/lines.ts';
