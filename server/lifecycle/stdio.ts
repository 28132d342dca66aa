// stdout/stderr may close under us: a supervisor that died, `npm start | head`. Writing to
// a closed pipe raises EPIPE as an 'error' event, which unhandled is an uncaught exception —
// whose handler logs, which writes, which fails again: a busy loop. So a stream that
// fails is marked gone and further writes to it are dropped; the log file keeps working.
type Stream = NodeJS.WriteStream;

export interface Output {
  write(text: string): unknown;
}

const gone = new WeakSet<Stream>();

/** Installs the error handlers once, for the process's own stdout and stderr. */
export function guardStdio(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', () => gone.add(stream));
  }
}

/** A writer that drops text once the stream has failed. */
export function safeOutput(stream: Stream): Output {
  return {
    write(text: string) {
      if (gone.has(stream) || stream.destroyed) return false;
      try {
        return stream.write(text);
      } catch {
        gone.add(stream); // a synchronous failure (e.g. a closed descriptor)
        return false;
      }
    },
  };
}
