// Starts the server in an Electron utility process: Electron's own Node.js (no separate
// runtime to ship), its own heap, stdout/stderr piped for the log, an exit code for crash
// detection, and a port message on process.parentPort. Unlike child_process.fork with
// ELECTRON_RUN_AS_NODE, it keeps working with the RunAsNode fuse disabled.
import { utilityProcess } from 'electron';
import type { Launcher, SidecarExit } from './sidecar-process.ts';

export const utilityLauncher: Launcher = (spec) => {
  const child = utilityProcess.fork(spec.entry, spec.args, {
    env: spec.env,
    execArgv: spec.execArgv,
    cwd: spec.cwd,
    stdio: 'pipe',
    serviceName: spec.name,
  });
  const exited = new Promise<SidecarExit>((resolve) => child.once('exit', (code) => resolve({ code, signal: null })));
  return {
    get pid() {
      return child.pid;
    },
    stdout: child.stdout,
    stderr: child.stderr,
    exited,
    onMessage: (listener) => child.on('message', listener),
    signal: (signal) => {
      // kill() is SIGTERM on POSIX (TerminateProcess on Windows); SIGKILL needs the pid.
      if (signal === 'SIGTERM') child.kill();
      else if (child.pid !== undefined) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
  };
};
