// The protocol runs in the browser too (app/ imports it), and so does everything it pulls
// in — the engines' settings and dialect entries included. A Node import anywhere in that
// graph would break the app's build or bundle, so this test follows the graph and fails on one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ENTRY = resolve(dirname(fileURLToPath(import.meta.url)), 'index.ts');
const SERVER = resolve(ENTRY, '../..');

/** Specifiers of the imports and re-exports that remain at run time (not `import type`). */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

test('the protocol and everything it imports at run time use no Node modules', () => {
  const seen = new Set<string>();
  const offenders: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else if (isBuiltin(specifier)) offenders.push(`${relative(SERVER, file)} imports ${specifier}`);
    }
  };
  visit(ENTRY);
  assert.ok(seen.size > 10, `followed the imports (${seen.size} files)`);
  assert.ok([...seen].some((f) => f.endsWith('/db/postgres/dialect.ts')), 'reached the engines\' dialect entries');
  assert.deepEqual(offenders, []);
});
