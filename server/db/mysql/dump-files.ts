// The gzip side of MySQL / MariaDB backups, streamed (node:zlib) so memory stays flat
// whatever the database's size: a tool's output compressed into the archive, an archive
// decompressed into a tool's input, and an archive read to its end.
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

/** Passes bytes through, telling `count` the running total and the chunk. */
function counter(count: (bytes: number, chunk: Buffer) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      count(total, chunk);
      done(null, chunk);
    },
  });
}

/** `output` (a dump's stdout) gzipped into `file`; `count` gets the uncompressed bytes so far and each chunk. */
export function gzipInto(output: Readable, file: string, count: (bytes: number, chunk: Buffer) => void, signal: AbortSignal): Promise<void> {
  return pipeline(output, counter(count), createGzip({ level: 6 }), createWriteStream(file, { mode: 0o600 }), { signal });
}

/** `file` decompressed into `input` (a client's stdin); `count` gets the compressed bytes read so far. */
export function gunzipInto(file: string, input: Writable, count: (bytes: number) => void, signal: AbortSignal): Promise<void> {
  return pipeline(createReadStream(file), counter(count), createGunzip(), input, { signal });
}

/** Decompresses `file` to its end; returns the uncompressed size and its last bytes as text. */
export async function readToEnd(file: string, signal: AbortSignal, tailBytes = 512): Promise<{ bytes: number; tail: string }> {
  let bytes = 0;
  // The last chunks, just enough of them to hold `tailBytes`: joined once at the end, not
  // copied with every chunk (that doubled the garbage of reading a dump of gigabytes).
  const recent: Buffer[] = [];
  let recentBytes = 0;
  await pipeline(
    createReadStream(file),
    createGunzip(),
    async function (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        bytes += chunk.length;
        recent.push(chunk);
        recentBytes += chunk.length;
        while (recentBytes - recent[0]!.length >= tailBytes) recentBytes -= recent.shift()!.length;
      }
    },
    { signal },
  );
  const joined = Buffer.concat(recent);
  return { bytes, tail: joined.subarray(Math.max(0, joined.length - tailBytes)).toString('utf8') };
}
