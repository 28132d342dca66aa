// The ER diagram's one layout worker for the whole app: started when the app is first idle
// (the app shell asks), so that elkjs has loaded and warmed up — some hundreds of ms of
// script start-up and first-run JIT — before anyone opens a diagram. Lives as long as the
// tab; a page that needs it before it was started starts it then.
import type { SchemaModel } from '../../server/protocol/index.ts';
import type { Layout } from './er-layout.ts';

let worker: Worker | null = null;
let requests = 0;

function layoutWorker(): Worker {
  worker ??= new Worker(new URL('./er-layout.worker.ts', import.meta.url), { type: 'module' });
  return worker;
}

/** Starts the worker now, if it is not running yet. */
export function startLayoutWorker(): void {
  if (typeof Worker !== 'undefined') layoutWorker();
}

/** Starts the worker when the browser is idle (it warms elkjs up by itself); later calls do nothing. */
export function prestartLayoutWorker(): () => void {
  if (worker || typeof Worker === 'undefined') return () => undefined;
  if (typeof requestIdleCallback === 'undefined') {
    const timer = setTimeout(layoutWorker, 500);
    return () => clearTimeout(timer);
  }
  const handle = requestIdleCallback(() => layoutWorker(), { timeout: 2000 });
  return () => cancelIdleCallback(handle);
}

/** The layout of a schema, and how long elkjs took for it. */
export function layoutSchema(model: SchemaModel): Promise<{ layout: Layout; ms: number }> {
  const target = layoutWorker();
  const id = ++requests;
  return new Promise((resolve, reject) => {
    const done = () => {
      target.removeEventListener('message', onMessage);
      target.removeEventListener('error', onError);
    };
    const onMessage = (event: MessageEvent<{ id: number; layout?: Layout; ms?: number; error?: string }>) => {
      if (event.data.id !== id) return;
      done();
      if (event.data.layout) resolve({ layout: event.data.layout, ms: event.data.ms ?? 0 });
      else reject(new Error(event.data.error ?? 'Layout failed'));
    };
    const onError = (event: ErrorEvent) => {
      done();
      // A worker that failed to start is started afresh next time.
      if (worker === target) worker = null;
      target.terminate();
      reject(new Error(event.message || 'The layout worker failed'));
    };
    target.addEventListener('message', onMessage);
    target.addEventListener('error', onError);
    target.postMessage({ id, model });
  });
}
