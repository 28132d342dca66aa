// A child's output stream as whole lines: the port announcement, the desktop log, a job's log.
const MAX_LINE = 16_384; // a runaway line must not grow memory without bound

export function forEachLine(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (partial + chunk).split(/\r?\n/);
    partial = lines.pop() ?? '';
    if (partial.length > MAX_LINE) {
      lines.push(partial.slice(0, MAX_LINE) + '…');
      partial = '';
    }
    for (const line of lines) onLine(line.length > MAX_LINE ? line.slice(0, MAX_LINE) + '…' : line);
  });
  stream.on('end', () => {
    if (partial) onLine(partial);
    partial = '';
  });
}
