// Reads the configuration and starts the server (loaded by index.ts once the compile cache
// is on); everything else lives in start.ts.
import { join } from 'node:path';
import { loadConfig } from './config.ts';
import { StartupError } from './errors.ts';
import { prepareHome, sweepTempFiles } from './lifecycle/home.ts';
import { guardStdio, safeOutput } from './lifecycle/stdio.ts';
import { createServerLog } from './logging/logger.ts';
import { startServer, type RunningServer } from './start.ts';

guardStdio();
const stdout = safeOutput(process.stdout);
const stderr = safeOutput(process.stderr);

const dev = process.argv.includes('--dev');
// Next.js and React read NODE_ENV when first loaded, so it is set before either is.
Object.assign(process.env, { NODE_ENV: process.env.NODE_ENV ?? (dev ? 'development' : 'production') });

try {
  const config = loadConfig(process.argv.slice(2), process.env, import.meta.dirname);
  prepareHome(config.home);
  const swept = sweepTempFiles(config.home);
  const serverLog = createServerLog({ logsDir: join(config.home, 'logs'), level: config.logLevel, console: stdout });
  serverLog.secrets.add(config.token);
  if (swept.files) serverLog.logger.info(swept, 'removed temporary files left by interrupted writes');
  let running: RunningServer | undefined;
  // A bug, not bad input (bad input is answered with an error): stop cleanly with exit
  // code 1 so a supervisor restarts us, rather than limp on in an unknown state.
  process.on('uncaughtException', (error) => {
    serverLog.logger.fatal({ err: error }, 'uncaught exception; shutting down');
    if (running) void running.shutdown.run('uncaught exception', 1);
    else process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    serverLog.logger.error({ err: reason }, 'unhandled promise rejection');
  });
  try {
    running = await startServer(config, serverLog, stdout, stderr);
  } catch (error) {
    serverLog.logger.fatal({ err: error }, 'server failed to start');
    await serverLog.close();
    // One line for the user; the stack is in the log.
    throw error instanceof StartupError ? error : new StartupError(`Could not start: ${(error as Error).message} (details in ${serverLog.file})`, { cause: error });
  }
} catch (error) {
  stderr.write(`db-toolkit: ${error instanceof StartupError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
}
