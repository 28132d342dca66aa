// Text encodings of an imported file: detected from its first bytes, decoded as a stream.
// UTF-8 is decoded strictly: a byte sequence that is not UTF-8 stops the import with its
// line number (the user may then pick Latin-1 or UTF-16), never silently becomes "?".
import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import type { ImportEncoding } from '../protocol/index.ts';
import { ImportError } from './errors.ts';

/** A byte-order mark decides; else NUL bytes mean UTF-16; else valid UTF-8 (or plain ASCII); else Latin-1. */
export function detectEncoding(head: Buffer): ImportEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const sample = head.subarray(0, 4096);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) (i % 2 ? oddNul++ : evenNul++);
  if (oddNul > sample.length / 8) return 'utf-16le';
  if (evenNul > sample.length / 8) return 'utf-16be';
  return validUtf8Prefix(head) ? 'utf-8' : 'latin1';
}

/** Valid UTF-8, allowing a multi-byte character cut off at the end of the sample. */
function validUtf8Prefix(head: Buffer): boolean {
  let end = head.length;
  // Drop at most 3 trailing bytes of an incomplete character.
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = head[end - back]!;
    if ((byte & 0xc0) === 0xc0) {
      const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      if (need > back) end -= back;
      break;
    }
    if ((byte & 0xc0) !== 0x80) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** Bytes → text in `encoding`, the BOM dropped; counts bytes read for progress. */
export class DecodeStream extends Transform {
  bytes = 0;
  readonly #decoder: TextDecoder;
  readonly #encoding: ImportEncoding;
  /** Newlines decoded so far, to name the line of an invalid byte. */
  #lines = 0;

  constructor(encoding: ImportEncoding) {
    super({ readableObjectMode: true });
    this.#encoding = encoding;
    this.#decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    let text: string;
    try {
      text = this.#decoder.decode(chunk, { stream: true });
    } catch {
      return callback(this.#invalid(chunk));
    }
    this.#lines += countNewlines(text);
    if (text) this.push(text);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    try {
      const text = this.#decoder.decode();
      if (text) this.push(text);
      callback();
    } catch {
      callback(new ImportError(`The file ends in the middle of a ${this.#encoding.toUpperCase()} character.`, this.#lines + 1));
    }
  }

  #invalid(chunk: Buffer): ImportError {
    // Decode leniently to find where the bad sequence starts, then count lines before it.
    const lenient = new TextDecoder('utf-8').decode(chunk);
    const at = lenient.indexOf('\uFFFD');
    const line = this.#lines + countNewlines(at < 0 ? lenient : lenient.slice(0, at)) + 1;
    return new ImportError(`Line ${line} is not valid UTF-8. Pick the file's encoding (e.g. Latin-1 or UTF-16) and try again.`, line, 'bad_encoding');
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
