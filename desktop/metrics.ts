// Performance monitoring: every few minutes, one log line with the memory and CPU of the
// server process and of the window's renderer, as Electron measures them — enough to see
// a leak or a runaway in desktop.log after the fact, at no cost in between.
import { app } from 'electron';

const EVERY_MS = 5 * 60 * 1000;

export function logProcessMetrics(serverPid: () => number | undefined, log: (line: string) => void): void {
  setInterval(() => {
    const metrics = app.getAppMetrics();
    const pid = serverPid();
    const describe = (m: Electron.ProcessMetric) => `${(m.memory.workingSetSize / 1024).toFixed(0)} MB, CPU ${m.cpu.percentCPUUsage.toFixed(1)}%`;
    const server = metrics.find((m) => m.pid === pid);
    const renderers = metrics.filter((m) => m.type === 'Tab');
    const total = metrics.reduce((sum, m) => sum + m.memory.workingSetSize, 0) / 1024;
    log(`[metrics] server ${server ? describe(server) : 'not running'}; renderer ${renderers.map(describe).join(' / ') || 'none'}; all processes ${total.toFixed(0)} MB`);
  }, EVERY_MS).unref();
}
