import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SERVER_NODE_FLAGS } from './runtime-flags.ts';

const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };

test('`npm start` runs the server with the same Node flags as every other launcher', () => {
  assert.equal(pkg.scripts.start, `node ${SERVER_NODE_FLAGS.join(' ')} dist/server/server.mjs`);
});

test('`npm run test:unit` runs the drivers with the flags of the server they live in', () => {
  assert.ok(pkg.scripts['test:unit']!.startsWith(`node ${SERVER_NODE_FLAGS.join(' ')} --test`), pkg.scripts['test:unit']);
});
