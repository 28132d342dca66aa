// Reads a request body within a route's limit. A body over the limit is still read to its
// end and dropped (up to DRAIN_BYTES past the limit), so the 413 goes back on a connection
// that stays usable for the next request. Beyond that, the 413 closes the connection:
// leaving a half-read body on a keep-alive socket would make the next request on it hang.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestError, PayloadTooLargeError } from '../errors.ts';

/** Local clients send this much in well under a second; discarding it is cheap. */
const DRAIN_BYTES = 64 * 1024 * 1024;

export function readBody(req: IncomingMessage, res: ServerResponse, limitBytes: number): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > limitBytes + DRAIN_BYTES) {
    closeAfterResponse(req, res);
    return Promise.reject(new PayloadTooLargeError(limitBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void) => {
      req.off('data', onData).off('end', onEnd).off('error', onCutOff).off('close', onCutOff);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
      else if (size <= limitBytes + DRAIN_BYTES) chunks.length = 0;
      else {
        closeAfterResponse(req, res);
        settle(() => reject(new PayloadTooLargeError(limitBytes)));
      }
    };
    const onEnd = () => settle(() => (size > limitBytes ? reject(new PayloadTooLargeError(limitBytes)) : resolve(Buffer.concat(chunks, size))));
    const onCutOff = () => settle(() => reject(new BadRequestError('The request body was cut off before its end.')));
    req.on('data', onData).on('end', onEnd).on('error', onCutOff).on('close', onCutOff);
  });
}

function closeAfterResponse(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Connection', 'close');
  req.resume(); // what still arrives is dropped until the connection closes
}
