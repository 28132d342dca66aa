// Lays out the ER diagram off the page's thread: a schema of hundreds of tables takes
// elkjs a noticeable moment, during which the page stays responsive.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { SchemaModel } from '../../server/protocol/index.ts';
import { elkGraph, fromElk, warmUpModel } from './er-layout.ts';

const elk = new ELK();
// The app starts this worker when idle: a first layout meanwhile, of a made-up schema with
// the real options, pays elkjs's start-up (its classes' initialisation) and the first runs
// of its layered algorithm (before the JIT has compiled them) off the measured path.
const warm = elk.layout(elkGraph(warmUpModel())).catch(() => undefined);

self.onmessage = async (event: MessageEvent<{ id: number; model: SchemaModel }>) => {
  const { id, model } = event.data;
  try {
    await warm;
    const started = performance.now();
    const layout = fromElk(await elk.layout(elkGraph(model)));
    self.postMessage({ id, layout, ms: performance.now() - started });
  } catch (error) {
    self.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
