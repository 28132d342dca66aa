// Row counts and checksums against a real PostgreSQL: by the columns' own hashes where every
// column type has a stable one, by each row's text otherwise; a verify measures each table the way
// its recorded checksum was made (backups from before column hashes included), and the
// checksum moves when the data does, not when the physical order does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { postgresWithClient } from '../../testing/postgres-client.ts';
import { measureTables } from './table-stats.ts';

const { client } = postgresWithClient(`
    CREATE TABLE hashed (id int PRIMARY KEY, name text, amount numeric(12,2), at timestamptz, doc jsonb, tags text[]);
    INSERT INTO hashed SELECT g, 'name ' || g, g * 1.5, '2026-01-01'::timestamptz + g * interval '1 hour', jsonb_build_object('g', g), ARRAY['a', g::text] FROM generate_series(1, 50) g;
    CREATE TABLE unhashable (id int, body json, spot point);
    INSERT INTO unhashable VALUES (1, '{"a": 1}', '(1,2)'), (2, NULL, NULL);
    CREATE TYPE mood AS ENUM ('sad', 'happy');
    CREATE TABLE moods (id int, feeling mood);
    INSERT INTO moods VALUES (1, 'happy');`);

const HASHED = { schema: 'public', name: 'hashed' };
const UNHASHABLE = { schema: 'public', name: 'unhashable' };

/** A backup measures inside its snapshot's transaction. */
async function inTransaction<T>(work: () => Promise<T>): Promise<T> {
  await client().query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    return await work();
  } finally {
    await client().query('COMMIT');
  }
}

test('a table whose columns all hash stably is measured by column hashes; one with json, point or an enum by row text', async () => {
  const [hashed, unhashable, moods] = await inTransaction(() => measureTables(client(), [HASHED, UNHASHABLE, { schema: 'public', name: 'moods' }]));
  assert.equal(hashed!.rows, 50);
  assert.match(hashed!.checksum, /^h:-?\d+$/);
  assert.equal(unhashable!.rows, 2);
  assert.match(unhashable!.checksum, /^-?\d+$/);
  // An enum's hash is of its label's oid, which differs in a restored copy.
  assert.match(moods!.checksum, /^-?\d+$/);
});

test('a verify measures the way the recorded checksum was made, and a changed row changes it', async () => {
  const [recorded] = await inTransaction(() => measureTables(client(), [HASHED]));
  // A backup made before column hashes recorded the text checksum: a verify must make that one.
  const textChecksum = (await client().query<{ c: string }>('SELECT sum(hashtextextended(t::text, 0))::text AS c FROM hashed t')).rows[0]!.c;
  const [again, old] = await measureTables(client(), [recorded!, { ...HASHED, rows: 50, checksum: textChecksum }]);
  assert.deepEqual(again, recorded);
  assert.equal(old!.checksum, textChecksum);
  // Rewriting every row in place moves them physically: the checksums stay.
  await client().query('UPDATE hashed SET id = id');
  assert.deepEqual(await measureTables(client(), [recorded!]), [recorded]);
  await client().query("UPDATE hashed SET name = 'changed' WHERE id = 7");
  const [changed] = await measureTables(client(), [recorded!]);
  assert.equal(changed!.rows, 50);
  assert.notEqual(changed!.checksum, recorded!.checksum);
});
