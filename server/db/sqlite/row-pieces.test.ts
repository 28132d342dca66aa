import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeRows } from '../../protocol/row-batch.ts';
import { CellRenderer } from './cells.ts';
import { PIECE_BYTES, RowPieces, type BatchPart } from './row-pieces.ts';

const utf8 = new TextDecoder();

/** The batch as the client sees it: every part's rows, in order. */
function rowsOf(parts: BatchPart[]): (string | null)[][] {
  return parts.flatMap((part) => ('rows' in part ? part.rows : decodeRows(utf8.decode(part.piece), part.count)));
}

test('a batch reads back as the CLI prints its cells: integers in full, reals, text, NULL, blobs', () => {
  const pieces = new RowPieces(new CellRenderer());
  const rows: unknown[][] = [
    [9007199254740993n, 0.1, 'plain', null],
    [-1n, 2.0, 'héllo wörld ✓', Buffer.from([0xca, 0xfe])],
    [0n, 1e-7, '', null],
  ];
  for (const row of rows) pieces.add(row);
  const parts = pieces.finish();
  assert.equal(parts.length, 1);
  assert.deepEqual(rowsOf(parts), [
    ['9007199254740993', '0.1', 'plain', null],
    ['-1', '2.0', 'héllo wörld ✓', "X'CAFE'"],
    ['0', '1.0e-07', '', null],
  ]);
});

test('a large batch is cut into pieces of at most ~60 KB, whole rows each, nothing lost', () => {
  const pieces = new RowPieces(new CellRenderer());
  const rows = Array.from({ length: 20_000 }, (_, i) => [BigInt(i), `customer ${i}`]);
  for (const row of rows) pieces.add(row);
  const parts = pieces.finish();
  assert.ok(parts.length > 3, `${parts.length} pieces`);
  for (const part of parts) {
    assert.ok('piece' in part);
    assert.ok(part.piece.length < PIECE_BYTES + 100, `a piece of ${part.piece.length} bytes`);
  }
  assert.deepEqual(rowsOf(parts), rows.map(([id, name]) => [String(id), name]));
  assert.deepEqual(pieces.finish(), [], 'the next batch starts empty');
});

test('a row whose cell holds a separator goes as rendered cells, in its place between pieces', () => {
  const pieces = new RowPieces(new CellRenderer());
  pieces.add([1n, 'before']);
  pieces.add([2n, 'a\x1fb']);
  pieces.add([3n, 'nul\x00x']);
  pieces.add([4n, 'after']);
  const parts = pieces.finish();
  assert.deepEqual(parts.map((part) => ('rows' in part ? 'rows' : 'piece')), ['piece', 'rows', 'piece']);
  assert.deepEqual(rowsOf(parts), [['1', 'before'], ['2', 'a\x1fb'], ['3', 'nul\x00x'], ['4', 'after']]);
});

test('a cell bigger than a piece still travels whole, and later pieces are small again', () => {
  const pieces = new RowPieces(new CellRenderer());
  const huge = 'x'.repeat(3 * PIECE_BYTES);
  pieces.add([1n, huge]);
  pieces.add([2n, 'small']);
  const parts = pieces.finish();
  assert.deepEqual(rowsOf(parts), [['1', huge], ['2', 'small']]);
  assert.ok('piece' in parts[1]! && parts[1].piece.length < 100);
});
