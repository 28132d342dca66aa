// The server's side of the launch contract (launch-contract.ts): once it can serve, it
// records its instance, names its port in backend.port, prints `BACKEND_PORT:<port>` and,
// in Electron's utility process, posts the port to the parent; on exit it withdraws.
import { portFilePath, portLine, portMessage, recordInstance, withdrawInstance, type InstanceRecord } from './launch-contract.ts';

/** The message channel to the desktop shell when Electron runs us as a utility process. */
export interface ParentPort {
  postMessage(message: unknown): void;
}

function electronParentPort(): ParentPort | undefined {
  return (process as { parentPort?: ParentPort }).parentPort;
}

export class Announcement {
  readonly portFile: string;
  readonly #home: string;
  readonly #record: InstanceRecord;

  constructor(home: string, record: InstanceRecord) {
    this.portFile = portFilePath(home);
    this.#home = home;
    this.#record = record;
  }

  publish(stdout: { write(text: string): unknown }, parentPort: ParentPort | undefined = electronParentPort()): void {
    recordInstance(this.#home, this.#record);
    stdout.write(`${portLine(this.#record.port)}\n`);
    parentPort?.postMessage(portMessage(this.#record.port));
  }

  /** Idempotent; safe to call from exit paths. */
  withdraw(): void {
    withdrawInstance(this.#home, this.#record.pid, this.#record.port);
  }
}
