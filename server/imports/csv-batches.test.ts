// The CSV reader on its own: the records and the line each starts on, whether papaparse
// reads them or csv-parse takes over (a malformed quote, carriage returns), across any
// chunking of the text, and its errors with their lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvBatches } from './csv-batches.ts';
import { ImportError } from './errors.ts';

const settings = { delimiter: ',', quote: '"', header: true };

async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

/** Every record with its line, the header apart; or the error it ends with. */
async function read(text: string, size = text.length, max = 1024) {
  const records: { line: number; values: string[] }[] = [];
  let header: string[] = [];
  try {
    for await (const batch of csvBatches(chunked(text, size), settings, max, (names) => (header = names))) {
      batch.rows.forEach((values, i) => records.push({ line: batch.lines[i]!, values }));
    }
  } catch (error) {
    assert.ok(error instanceof ImportError, String(error));
    return { header, records, error: { line: error.line, message: error.message } };
  }
  return { header, records, error: null };
}

test('a quote inside an unquoted value is text; doubled quotes in a quoted value are one', async () => {
  const { header, records, error } = await read('a,b\n1,a"b\n2,"say ""hi"""\n');
  assert.equal(error, null);
  assert.deepEqual(header, ['a', 'b']);
  assert.deepEqual(records, [
    { line: 2, values: ['1', 'a"b'] },
    { line: 3, values: ['2', 'say "hi"'] },
  ]);
});

test('values spanning lines and empty lines: each record keeps the line it starts on, however the text is cut', async () => {
  const text = 'a,b\n1,"one\ntwo"\n\n2,x\n3,"p\nq\nr"\n4,y';
  const expected = [
    { line: 2, values: ['1', 'one\ntwo'] },
    { line: 5, values: ['2', 'x'] },
    { line: 6, values: ['3', 'p\nq\nr'] },
    { line: 9, values: ['4', 'y'] },
  ];
  for (const size of [1, 2, 3, 5, 8, 13, text.length]) {
    const { records, error } = await read(text, size);
    assert.equal(error, null, `chunks of ${size}`);
    assert.deepEqual(records, expected, `chunks of ${size}`);
  }
});

test('a malformed quote: the records before it, then its line', async () => {
  for (const size of [4, 1000]) {
    const { records, error } = await read('a,b\n1,ok\n2,"x\ny"\n3,"4"x\n5,z\n', size);
    assert.deepEqual(records.map((r) => r.line), [2, 3], `chunks of ${size}`);
    assert.deepEqual(error, { line: 5, message: 'Line 5: a quote in the middle of a value (quotes inside a quoted value are doubled: "").' }, `chunks of ${size}`);
  }
});

test('CRLF line ends are read as line ends', async () => {
  const { records, error } = await read('a,b\r\n1,x\r\n2,"y\r\nz"\r\n3,w\r\n', 4);
  assert.equal(error, null);
  assert.deepEqual(records, [
    { line: 2, values: ['1', 'x'] },
    { line: 3, values: ['2', 'y\r\nz'] },
    { line: 5, values: ['3', 'w'] },
  ]);
});

test('an unclosed quote and a record over the limit fail with the line they start on', async () => {
  assert.deepEqual((await read('a,b\n1,2\n3,"4\n5,6\n', 3)).error, { line: 3, message: 'Line 3: a quoted value is never closed.' });
  const long = await read(`a,b\n1,2\n3,${'x'.repeat(5000)}\n4,5\n`, 100);
  assert.equal(long.error?.line, 3);
  assert.match(long.error!.message, /^Line 3: a record longer than/);
});
