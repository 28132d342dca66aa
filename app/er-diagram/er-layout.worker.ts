// Lays out the ER diagram off the page's thread: a schema of hundreds of tables takes
// elkjs a noticeable moment, during which the page stays responsive.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { SchemaModel } from '../../server/protocol/index.ts';
import { elkGraph, fromElk, warmUpModel } from './er-layout.ts';

const elk = new ELK();
// The app starts this worker when idle: a first tiny layout pays elkjs's start-up (its
// classes' initialisation); then, unless a diagram is already waiting, a layout of a
// made-up schema with the real options runs its layered algorithm until the JIT has
// compiled it — off the measured path.
let asked = false;
const WARM_UP_ROUNDS = 4;
const tiny = { id: 'warm', children: [{ id: 'a', width: 10, height: 10 }, { id: 'b', width: 10, height: 10 }], edges: [{ id: 'e', sources: ['a'], targets: ['b'] }] };
const warm = (async () => {
  await elk.layout(tiny);
  // A few rounds: V8 compiles elkjs's hot paths only after they have run a while.
  for (let round = 0; round < WARM_UP_ROUNDS && !asked; round++) await elk.layout(elkGraph(warmUpModel()));
})().catch(() => undefined);

self.onmessage = async (event: MessageEvent<{ id: number; model: SchemaModel }>) => {
  const { id, model } = event.data;
  asked = true;
  try {
    await warm;
    const started = performance.now();
    const layout = fromElk(await elk.layout(elkGraph(model)));
    self.postMessage({ id, layout, ms: performance.now() - started });
  } catch (error) {
    self.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
