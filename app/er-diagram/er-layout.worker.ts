// Lays out the ER diagram off the page's thread: a schema of hundreds of tables takes
// elkjs a noticeable moment, during which the page stays responsive.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { SchemaModel } from '../../server/protocol/index.ts';
import { elkGraph, fromElk } from './er-layout.ts';

const elk = new ELK();

self.onmessage = async (event: MessageEvent<{ id: number; model: SchemaModel }>) => {
  const { id, model } = event.data;
  try {
    self.postMessage({ id, layout: fromElk(await elk.layout(elkGraph(model))) });
  } catch (error) {
    self.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
