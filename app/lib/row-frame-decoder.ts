// One worker for the page that indexes row-batch frames (row-frames.worker.ts), so the page's
// thread only appends them. Where workers are not available (tests under Node), or the
// worker fails to start, frames are indexed in place: same result, on this thread.
import { indexFrame, type IndexedFrame } from './row-frames.ts';

interface Pending {
  resolve(frame: IndexedFrame): void;
  reject(error: Error): void;
}

let worker: Worker | null | undefined;
const pending = new Map<number, Pending>();
let nextSeq = 0;

function startWorker(): Worker | null {
  if (typeof Worker !== 'function') return null;
  try {
    const started = new Worker(new URL('./row-frames.worker.ts', import.meta.url), { type: 'module' });
    started.onmessage = (event: MessageEvent<{ seq: number; frame?: IndexedFrame; error?: string }>) => {
      const { seq, frame, error } = event.data;
      const waiting = pending.get(seq);
      pending.delete(seq);
      if (frame) waiting?.resolve(frame);
      else waiting?.reject(new Error(error ?? 'The row decoder failed'));
    };
    // A worker that cannot run (blocked, failed to load): what it was given is lost, so
    // those frames fail, and the next ones are indexed in place.
    started.onerror = () => {
      worker = null;
      for (const waiting of pending.values()) waiting.reject(new Error('The row decoder stopped'));
      pending.clear();
    };
    return started;
  } catch {
    return null;
  }
}

/** The frame indexed; `data` is handed over to the worker (unusable here afterwards). */
export function decodeFrame(data: ArrayBuffer): Promise<IndexedFrame> {
  if (worker === undefined) worker = startWorker();
  if (!worker) {
    try {
      return Promise.resolve(indexFrame(data));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  const seq = nextSeq++;
  const target = worker;
  return new Promise((resolve, reject) => {
    pending.set(seq, { resolve, reject });
    target.postMessage({ seq, data }, [data]);
  });
}
