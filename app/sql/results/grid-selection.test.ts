import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clampSelection, contains, extendTo, moveSelection, rangeOf, selectAll, single, type Keys } from './grid-selection.ts';

const bounds = { rows: 1000, cols: 4, pageRows: 20 };
const key = (k: string, mods: Partial<Keys> = {}): Keys => ({ key: k, shift: false, mod: false, ...mods });

test('arrows move one cell and stop at the edges', () => {
  let s = single({ row: 0, col: 0 });
  s = moveSelection(s, key('ArrowUp'), bounds)!;
  assert.deepEqual(s.focus, { row: 0, col: 0 });
  s = moveSelection(s, key('ArrowDown'), bounds)!;
  s = moveSelection(s, key('ArrowRight'), bounds)!;
  assert.deepEqual(s, single({ row: 1, col: 1 }));
  s = moveSelection(s, key('ArrowLeft'), bounds)!;
  s = moveSelection(s, key('ArrowLeft'), bounds)!;
  assert.deepEqual(s.focus, { row: 1, col: 0 });
});

test('Ctrl+Home/End go to the first and last cell; Home/End to the row ends', () => {
  const s = single({ row: 500, col: 2 });
  assert.deepEqual(moveSelection(s, key('End', { mod: true }), bounds), single({ row: 999, col: 3 }));
  assert.deepEqual(moveSelection(s, key('Home', { mod: true }), bounds), single({ row: 0, col: 0 }));
  assert.deepEqual(moveSelection(s, key('Home'), bounds), single({ row: 500, col: 0 }));
  assert.deepEqual(moveSelection(s, key('End'), bounds), single({ row: 500, col: 3 }));
  assert.deepEqual(moveSelection(s, key('ArrowDown', { mod: true }), bounds), single({ row: 999, col: 2 }));
});

test('PageUp/PageDown move by a screen, clamped', () => {
  const s = single({ row: 10, col: 1 });
  assert.deepEqual(moveSelection(s, key('PageDown'), bounds)!.focus, { row: 30, col: 1 });
  assert.deepEqual(moveSelection(s, key('PageUp'), bounds)!.focus, { row: 0, col: 1 });
  assert.deepEqual(moveSelection(single({ row: 990, col: 1 }), key('PageDown'), bounds)!.focus, { row: 999, col: 1 });
});

test('Shift extends a range from the anchor; a plain key collapses it', () => {
  let s = single({ row: 5, col: 1 });
  s = moveSelection(s, key('ArrowDown', { shift: true }), bounds)!;
  s = moveSelection(s, key('ArrowRight', { shift: true }), bounds)!;
  assert.deepEqual(rangeOf(s), { top: 5, bottom: 6, left: 1, right: 2 });
  s = moveSelection(s, key('ArrowUp', { shift: true }), bounds)!;
  s = moveSelection(s, key('ArrowUp', { shift: true }), bounds)!;
  assert.deepEqual(rangeOf(s), { top: 4, bottom: 5, left: 1, right: 2 });
  s = moveSelection(s, key('End', { shift: true, mod: true }), bounds)!;
  assert.deepEqual(rangeOf(s), { top: 5, bottom: 999, left: 1, right: 3 });
  s = moveSelection(s, key('ArrowLeft'), bounds)!;
  assert.deepEqual(s, single({ row: 999, col: 2 }));
});

test('other keys do not move; an empty grid has no selection', () => {
  assert.equal(moveSelection(single({ row: 0, col: 0 }), key('a'), bounds), null);
  assert.equal(moveSelection(null, key('ArrowDown'), { rows: 0, cols: 3, pageRows: 10 }), null);
  assert.deepEqual(moveSelection(null, key('ArrowDown'), bounds), single({ row: 1, col: 0 }));
});

test('shift-click extends, select all covers everything, clamping keeps a selection inside', () => {
  const s = extendTo(single({ row: 3, col: 3 }), { row: 1, col: 0 });
  assert.deepEqual(rangeOf(s), { top: 1, bottom: 3, left: 0, right: 3 });
  assert.ok(contains(rangeOf(s), 2, 2));
  assert.ok(!contains(rangeOf(s), 4, 2));
  assert.deepEqual(extendTo(null, { row: 2, col: 2 }), single({ row: 2, col: 2 }));
  assert.deepEqual(rangeOf(selectAll(bounds)!), { top: 0, bottom: 999, left: 0, right: 3 });
  assert.deepEqual(clampSelection(s, { rows: 2, cols: 2, pageRows: 1 }), { anchor: { row: 1, col: 1 }, focus: { row: 1, col: 0 } });
  assert.equal(clampSelection(s, { rows: 0, cols: 2, pageRows: 1 }), null);
});
