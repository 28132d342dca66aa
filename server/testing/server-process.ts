// Test fixture: the real production build (dist/server/server.mjs) started as a child
// process in a throwaway home, the way the desktop shell and `npm start` run it.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePortLine } from '../lifecycle/launch-contract.ts';
import { SERVER_NODE_FLAGS } from '../runtime-flags.ts';

export const BUILT_SERVER = join(import.meta.dirname, '..', '..', 'dist', 'server', 'server.mjs');

export interface StartOptions {
  env?: Record<string, string | undefined>;
  args?: string[];
  /** Reuse a home (e.g. to start a second instance beside the first). */
  home?: string;
  /** Pass no DB_TOOLKIT_TOKEN: the server generates and prints its own. */
  generatedToken?: boolean;
  /** A specific token (e.g. to restart "the same" server); random otherwise. */
  token?: string;
  timeoutMs?: number;
}

export class ServerProcess {
  readonly child: ChildProcess;
  readonly home: string;
  readonly token: string;
  readonly stdoutLines: string[] = [];
  stderr = '';
  port = 0;
  readonly #ownsHome: boolean;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(child: ChildProcess, home: string, token: string, ownsHome: boolean) {
    this.child = child;
    this.home = home;
    this.token = token;
    this.#ownsHome = ownsHome;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** fetch against this server with the token, unless `headers` overrides it. */
  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(this.baseUrl + path, {
      redirect: 'manual',
      ...init,
      headers: { Authorization: `Bearer ${this.token}`, ...(init.headers as Record<string, string>) },
    });
  }

  /**
   * A plain node:http request, for what fetch will not send (a forged Host header).
   * Carries the token unless `headers.authorization` is given.
   */
  request(path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: this.port, path, method: options.method ?? 'GET', headers: { authorization: `Bearer ${this.token}`, ...options.headers } },
        (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  /** SIGTERM and wait; returns how it exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM') {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const result = await this.exited;
    if (this.#ownsHome) rmSync(this.home, { recursive: true, force: true });
    return result;
  }
}

export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), 'dbt-home-'));
}

/** Starts the built server and resolves once it announced BACKEND_PORT. */
export async function startServer(options: StartOptions = {}): Promise<ServerProcess> {
  if (!existsSync(BUILT_SERVER)) throw new Error(`${BUILT_SERVER} is missing: run "npm run build" before the tests.`);
  const home = options.home ?? tempHome();
  const token = options.generatedToken ? '' : (options.token ?? randomBytes(32).toString('base64url'));
  const env: Record<string, string | undefined> = { ...process.env, DB_TOOLKIT_HOME: home, BACKEND_PORT: undefined, ...options.env };
  if (!options.generatedToken) env.DB_TOOLKIT_TOKEN = token;
  else delete env.DB_TOOLKIT_TOKEN;
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, BUILT_SERVER, ...(options.args ?? [])], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const server = new ServerProcess(child, home, token, options.home === undefined);
  await waitForPort(server, options.timeoutMs ?? 20_000);
  return server;
}

/** Starts the server expecting it to fail; resolves with its exit code and output. */
export async function startServerExpectingFailure(options: StartOptions = {}) {
  const home = options.home ?? tempHome();
  const env = { ...process.env, DB_TOOLKIT_HOME: home, DB_TOOLKIT_TOKEN: randomBytes(32).toString('base64url'), ...options.env };
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, BUILT_SERVER, ...(options.args ?? [])], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (options.home === undefined) rmSync(home, { recursive: true, force: true });
  return { code, stdout, stderr };
}

function waitForPort(server: ServerProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`server did not announce a port within ${timeoutMs} ms`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      server.child.kill('SIGKILL');
      reject(new Error(`${error.message}\nstdout:\n${server.stdoutLines.join('\n')}\nstderr:\n${server.stderr}`));
    };
    let partial = '';
    server.child.stdout!.on('data', (chunk: Buffer) => {
      partial += chunk.toString();
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        server.stdoutLines.push(line);
        const port = parsePortLine(line);
        if (port !== undefined && server.port === 0) {
          server.port = port;
          clearTimeout(timer);
          resolve();
        }
      }
    });
    server.child.stderr!.on('data', (chunk: Buffer) => (server.stderr += chunk.toString()));
    server.child.once('exit', (code) => {
      if (server.port === 0) fail(new Error(`server exited with code ${code} before announcing a port`));
    });
  });
}

/** A response body as JSON, loosely typed: tests assert on its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const readJson = (res: Response): Promise<any> => res.json();
