import assert from 'node:assert/strict';
import { test } from 'node:test';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ModelTable, SchemaModel } from '../../server/protocol/index.ts';
import { boxSize, elkGraph, fromElk, warmUpModel } from './er-layout.ts';

const table = (name: string, ref?: string): ModelTable => ({
  name,
  columns: [{ name: 'id', type: 'integer', nullable: false, default: null, identity: null }, ...(ref ? [{ name: `${ref}_id`, type: 'integer', nullable: true, default: null, identity: null }] : [])],
  primaryKey: { name: null, columns: ['id'] },
  uniques: [],
  indexes: [],
  foreignKeys: ref ? [{ name: null, columns: [`${ref}_id`], refTable: ref, refColumns: ['id'], onDelete: 'NO ACTION', onUpdate: 'NO ACTION' }] : [],
  checks: [],
});

test('every table is a box without overlap, every foreign key an edge between its tables', async () => {
  const model: SchemaModel = { engine: 'sqlite', schema: 'main', tables: [table('authors'), table('books', 'authors'), table('reviews', 'books'), table('lonely')], views: [], enums: [], sequences: [] };
  const layout = fromElk(await new ELK().layout(elkGraph(model)));
  assert.deepEqual(layout.boxes.map((b) => b.id).sort(), ['authors', 'books', 'lonely', 'reviews']);
  assert.deepEqual(layout.edges.map((e) => `${e.from}→${e.to}`).sort(), ['books→authors', 'reviews→books']);
  for (const edge of layout.edges) assert.ok(edge.points.length >= 2);
  for (const a of layout.boxes) {
    for (const b of layout.boxes) {
      if (a === b) continue;
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      assert.ok(apart, `${a.id} overlaps ${b.id}`);
    }
  }
  assert.equal(boxSize(model.tables[1]!).height, 26 + 2 * 18 + 6);
});

test('the worker\'s warm-up schema lays out like any other', async () => {
  const layout = fromElk(await new ELK().layout(elkGraph(warmUpModel())));
  assert.equal(layout.boxes.length, 60);
  assert.equal(layout.edges.length, 48);
});
