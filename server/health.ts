// The server's answer to "are you alive and well?": a phase plus named checks that any
// part of the server can register. Serialized by GET /status.
import type { StatusResponse } from './protocol/index.ts';

export type CheckResult = { ok: boolean; detail?: string };
export type Check = () => CheckResult;
type Phase = 'starting' | 'running' | 'stopping';

export class Health {
  readonly #checks = new Map<string, Check>();
  readonly #startedAt = new Date();
  #phase: Phase = 'starting';
  readonly #version: string;
  port = 0;

  constructor(version: string) {
    this.#version = version;
  }

  register(name: string, check: Check): void {
    this.#checks.set(name, check);
  }

  setPhase(phase: Phase): void {
    this.#phase = phase;
  }

  get phase(): Phase {
    return this.#phase;
  }

  snapshot(): StatusResponse {
    const checks: Record<string, CheckResult> = {};
    for (const [name, check] of this.#checks) {
      try {
        checks[name] = check();
      } catch (error) {
        checks[name] = { ok: false, detail: (error as Error).message };
      }
    }
    const allOk = Object.values(checks).every((c) => c.ok);
    const status = this.#phase === 'starting' ? 'starting' : this.#phase === 'stopping' ? 'stopping' : allOk ? 'ok' : 'degraded';
    return {
      status,
      version: this.#version,
      pid: process.pid,
      port: this.port,
      startedAt: this.#startedAt.toISOString(),
      uptimeSeconds: Math.round(process.uptime() * 1000) / 1000,
      checks,
    };
  }
}
