// Lays out the ER diagram off the page's thread: a schema of hundreds of tables takes
// elkjs a noticeable moment, during which the page stays responsive.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { SchemaModel } from '../../server/protocol/index.ts';
import { elkGraph, fromElk } from './er-layout.ts';

const elk = new ELK();
// The page starts this worker before the schema arrives: a first tiny layout meanwhile
// pays elkjs's start-up cost (its classes' initialisation) off the measured path.
const warm = elk.layout({ id: 'warm', children: [{ id: 'a', width: 10, height: 10 }, { id: 'b', width: 10, height: 10 }], edges: [{ id: 'e', sources: ['a'], targets: ['b'] }] }).catch(() => undefined);

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
