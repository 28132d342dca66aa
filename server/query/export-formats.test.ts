import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rowWriter } from './export-formats.ts';

const columns = [
  { name: 'id', type: 'int4', numeric: true },
  { name: 'note, "quoted"', type: 'text', numeric: false },
  { name: 'amount', type: 'numeric', numeric: true },
];

test('CSV: RFC 4180 quoting, NULL empty, empty string quoted', () => {
  const w = rowWriter('csv');
  const text = w.header(columns) + w.row(['1', 'a,b', '1.50'], true) + w.row(['2', 'say "hi"\nbye', null], false) + w.row(['3', '', 'NaN'], false) + w.footer();
  assert.equal(text, 'id,"note, ""quoted""",amount\r\n1,"a,b",1.50\r\n2,"say ""hi""\nbye",\r\n3,"",NaN\r\n');
});

test('JSON: valid JSON, numbers stay numbers when they are, text stays text', () => {
  const w = rowWriter('json');
  const text = w.header(columns) + w.row(['1', 'x', '1.50'], true) + w.row(['2', null, 'NaN'], false) + w.footer();
  assert.deepEqual(JSON.parse(text), [
    { id: 1, 'note, "quoted"': 'x', amount: 1.5 },
    { id: 2, 'note, "quoted"': null, amount: 'NaN' },
  ]);
  const empty = rowWriter('json');
  assert.deepEqual(JSON.parse(empty.header(columns) + empty.footer()), []);
});
