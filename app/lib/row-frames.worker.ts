// Indexes row-batch frames off the page's thread (row-frames.ts); answers in the order asked.
// The frame's bytes come in transferred, the cells' ends go back transferred.
import { indexFrame } from './row-frames.ts';

self.onmessage = (event: MessageEvent<{ seq: number; data: ArrayBuffer }>) => {
  const { seq, data } = event.data;
  try {
    const frame = indexFrame(data);
    self.postMessage({ seq, frame }, { transfer: [frame.ends.buffer] });
  } catch (error) {
    self.postMessage({ seq, error: error instanceof Error ? error.message : String(error) });
  }
};
