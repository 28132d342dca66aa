import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dialectOf, type ResultColumn } from '../../../server/protocol/index.ts';
import { formatCells, insertTarget, toCsv, toInsert, toJson, toTsv } from './copy-formats.ts';

const columns: ResultColumn[] = [
  { name: 'id', type: 'int4', numeric: true },
  { name: 'name', type: 'text', numeric: false },
  { name: 'price', type: 'numeric', numeric: true },
];
const rows = [
  ['1', 'plain', '1.50'],
  ['2', 'tab\there, "quoted"\nand a newline', null],
  ['3', "it's a \\ path", '-2e3'],
];

test('TSV: tab-separated lines, awkward cells quoted, NULL empty, headers on request', () => {
  assert.equal(toTsv(columns, rows.slice(0, 1)), '1\tplain\t1.50');
  assert.equal(toTsv(columns, rows.slice(1, 2)), '2\t"tab\there, ""quoted""\nand a newline"\t');
  assert.equal(toTsv(columns, [['1', 'a', '2']], true), 'id\tname\tprice\n1\ta\t2');
});

test('CSV and JSON are the export formats', () => {
  assert.equal(toCsv(columns, rows.slice(0, 2)), 'id,name,price\r\n1,plain,1.50\r\n2,"tab\there, ""quoted""\nand a newline",\r\n');
  const parsed = JSON.parse(toJson(columns, rows));
  assert.deepEqual(parsed[0], { id: 1, name: 'plain', price: 1.5 });
  assert.deepEqual(parsed[1], { id: 2, name: 'tab\there, "quoted"\nand a newline', price: null });
  assert.equal(parsed[2].price, -2000);
});

test('SQL INSERT: identifiers quoted for the dialect, numbers bare, strings escaped, NULL', () => {
  const pg = dialectOf('postgres');
  assert.equal(
    toInsert(pg, 'products', columns, [rows[0]!, rows[2]!, ['4', null, 'NaN']]),
    [
      `INSERT INTO products ("id", "name", "price") VALUES (1, 'plain', 1.50);`,
      `INSERT INTO products ("id", "name", "price") VALUES (3, 'it''s a \\ path', -2e3);`,
      `INSERT INTO products ("id", "name", "price") VALUES (4, NULL, 'NaN');`,
    ].join('\n'),
  );
  assert.equal(formatCells('insert', dialectOf('sqlite'), 't', columns.slice(0, 1), [['7']]), 'INSERT INTO t ("id") VALUES (7);');
});

test('the INSERT target is the single table a simple SELECT reads, else a placeholder', () => {
  assert.equal(insertTarget('SELECT * FROM customers ORDER BY 1 LIMIT 50'), 'customers');
  assert.equal(insertTarget('select a from public.Orders o where a > 1'), 'public.Orders');
  assert.equal(insertTarget('SELECT * FROM a JOIN b ON a.id = b.id'), 'table_name');
  assert.equal(insertTarget('SELECT 1'), 'table_name');
});
