// The `test` job kind, for the test suite only (reachable through /ws/test-jobs, which
// exists only when the server runs with DB_TOOLKIT_TEST_JOBS=1). It runs a real child
// process — a Node script that starts a grandchild ignoring SIGTERM, then prints one
// progress line per step — so tests can watch progress and check that cancel ends the
// whole process group.
import { forEachLine } from '../lib/lines.ts';
import type { JobDefinition } from './job.ts';

export interface TestJobOptions {
  connectionId: string | null;
  steps: number;
  stepMs: number;
  exitCode: number;
}

const SCRIPT = `
const { spawn } = require('node:child_process');
const [steps, stepMs, exitCode] = process.argv.slice(1).map(Number);
const grandchild = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
console.log('grandchild ' + grandchild.pid);
console.error('test job: ' + steps + ' steps of ' + stepMs + ' ms');
let step = 0;
const tick = () => {
  console.log('step ' + ++step + '/' + steps);
  if (step < steps) return setTimeout(tick, stepMs);
  grandchild.kill('SIGKILL');
  process.exitCode = exitCode;
};
tick();
`;

export function testJob(options: TestJobOptions): JobDefinition {
  return {
    kind: 'test',
    title: `Test job (${options.steps} steps)`,
    connectionId: options.connectionId,
    async run(job) {
      job.progress({ phase: 'Stepping', done: 0, total: options.steps, unit: 'steps', bytes: 0 });
      const child = job.spawn({
        command: process.execPath,
        args: ['-e', SCRIPT, String(options.steps), String(options.stepMs), String(options.exitCode)],
        // In the desktop app the server's executable is Electron: make it behave as Node.
        env: { ELECTRON_RUN_AS_NODE: '1' },
        stdout: 'pipe',
        label: 'test script',
      });
      job.log(`child ${child.pid}`);
      let bytes = 0;
      child.stdout!.on('data', (chunk: string | Buffer) => (bytes += Buffer.byteLength(chunk)));
      forEachLine(child.stdout, (line) => {
        const step = /^step (\d+)\//.exec(line);
        if (step) job.progress({ done: Number(step[1]), bytes });
        else if (line) job.log(line);
      });
      await child.done;
      return { summary: `${options.steps} steps done`, data: { steps: options.steps } };
    },
  };
}
