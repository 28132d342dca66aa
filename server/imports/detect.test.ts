// Detection and inference on their own: what a user sees preselected in the preview.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectSettings } from './detect.ts';
import { converter, INVALID, inferTypes, sanitizeNames } from './infer.ts';
import { jsonArrayElements } from './json-array.ts';

const detect = (text: string | Buffer) => detectSettings(Buffer.isBuffer(text) ? text : Buffer.from(text));

test('delimiter, quote and header are detected from the first lines', () => {
  assert.deepEqual(detect('a\tb\tc\n1\t2\t3\n'), { format: 'csv', encoding: 'utf-8', delimiter: '\t', quote: '"', header: true });
  assert.equal(detect('x|y\n1|2\n').delimiter, '|');
  assert.equal(detect('name,note\n"a, b",c\n"d, e",f\n').delimiter, ',');
  assert.equal(detect("'a';'b'\n'1';'2'\n").quote, "'");
  assert.equal(detect('1,2020-01-01,x\n2,2020-01-02,y\n').header, false, 'a first row of data is not a header');
  assert.equal(detect('id,id\n1,2\n').header, false, 'duplicate names are not a header');
});

test('format and encoding', () => {
  assert.equal(detect(' [{"a": 1}]').format, 'json');
  assert.equal(detect('{"a": 1}\n{"a": 2}\n').format, 'ndjson');
  assert.equal(detect(Buffer.from('name\nJos\xe9\n', 'latin1')).encoding, 'latin1');
  assert.equal(detect(Buffer.from('name\nJosé\n')).encoding, 'utf-8');
  assert.equal(detect(Buffer.from('a,b\n1,2\n', 'utf16le')).encoding, 'utf-16le');
  // A multi-byte character cut off by the end of the sample is still UTF-8.
  assert.equal(detect(Buffer.from('a\n€').subarray(0, 4)).encoding, 'utf-8');
});

test('types are the narrowest every sampled value fits; empty values do not count', () => {
  const rows = [['1', '1.5', 'true', '2024-02-29', '2024-01-01 10:00', '2024-01-01T10:00:00Z', 'x', ''], ['-2', '2', 'no', '2024-03-01', '2024-01-01T10:00:00.123', '2024-01-01 10:00+02:00', '3', '']];
  assert.deepEqual(inferTypes(rows, 8), ['integer', 'numeric', 'boolean', 'date', 'timestamp', 'timestamptz', 'text', 'text']);
  assert.deepEqual(inferTypes([['2024-02-30'], ['99999999999999999999']], 1), ['text']);
  assert.deepEqual(inferTypes([['99999999999999999999']], 1), ['numeric'], 'beyond 64 bits is numeric');
});

test('values are checked and written in their canonical form', () => {
  const style = { boolean: (b: boolean) => (b ? 'true' : 'false'), timestamptz: (v: string) => v };
  assert.equal(converter('boolean', style)('Yes'), 'true');
  assert.equal(converter('boolean', style)('0'), 'false');
  assert.equal(converter('integer', style)(' +42 '), '42');
  assert.equal(converter('integer', style)(''), null);
  assert.equal(converter('integer', style)('4.2'), INVALID);
  assert.equal(converter('timestamp', style)('2024-01-01T10:00:00'), '2024-01-01 10:00:00');
  assert.equal(converter('text', style)(''), '', 'text keeps an empty value');
  assert.equal(converter('boolean', style)('FALSE'), 'false');
  assert.equal(converter('boolean', style)('maybe'), INVALID);
  assert.equal(converter('integer', style)('-000000000000000000123456789012345678'), '-000000000000000000123456789012345678', 'leading zeros do not count');
  assert.equal(converter('integer', style)('1234567890123456789'), INVALID, 'past 18 digits');
  // Dates are checked by arithmetic: leap years, month lengths.
  for (const day of ['2024-02-29', '2000-02-29', '2023-12-31', '2023-04-30']) assert.equal(converter('date', style)(day), day);
  for (const day of ['2023-02-29', '1900-02-29', '2023-04-31', '2023-13-01', '2023-00-10', '2023-01-00']) assert.equal(converter('date', style)(day), INVALID, day);
  assert.equal(converter('timestamp', style)('2024-02-30 10:00'), INVALID);
  assert.equal(converter('timestamp', style)('2024-01-01 24:00:00'), INVALID);
  assert.equal(converter('timestamp', style)('2024-01-01 23:59:60'), INVALID);
  assert.equal(converter('timestamp', style)('2024-01-01 23:59:59.5'), '2024-01-01 23:59:59.5');
});

test('new column names are safe and unique', () => {
  assert.deepEqual(sanitizeNames(['Order ID', 'order id', '2nd', '', 'Grüße', 'a"; DROP TABLE x; --']), ['order_id', 'order_id_2', 'c_2nd', 'column_4', 'grusse', 'a_drop_table_x']);
});

test('JSON array elements stream across chunks with their lines', async () => {
  async function* chunks() {
    yield '[\n {"a": "x]\\"", "b": {"c": [1';
    yield ', 2]}},\n {"a": 2}\n]';
  }
  const elements = [];
  for await (const element of jsonArrayElements(chunks(), 1000)) elements.push(element);
  assert.deepEqual(elements.map((e) => [e.line, JSON.parse(e.text)]), [[2, { a: 'x]"', b: { c: [1, 2] } }], [3, { a: 2 }]]);
  async function* bad() {
    yield '[{"a": 1} {"a": 2}]';
  }
  await assert.rejects(async () => {
    for await (const _ of jsonArrayElements(bad(), 1000));
  }, /comma is missing/);
});
