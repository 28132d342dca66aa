import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzzyFilter, fuzzyScore } from './fuzzy.ts';
import { keyLabel, matchesKey } from './keys.ts';

const event = (key: string, code: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) =>
  ({ key, code, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

test('bindings match by physical key for letters, exact modifiers, Mod per platform', () => {
  assert.ok(matchesKey('Mod+K', event('k', 'KeyK', { ctrlKey: true }), false));
  assert.ok(!matchesKey('Mod+K', event('k', 'KeyK', { ctrlKey: true }), true));
  assert.ok(matchesKey('Mod+K', event('k', 'KeyK', { metaKey: true }), true));
  assert.ok(matchesKey('Alt+T', event('†', 'KeyT', { altKey: true }), true)); // a Mac types † for Alt+T
  assert.ok(!matchesKey('Alt+T', event('t', 'KeyT', { altKey: true, shiftKey: true }), false));
  assert.ok(matchesKey('Shift+Alt+F', event('F', 'KeyF', { altKey: true, shiftKey: true }), false));
  assert.ok(matchesKey('Ctrl+PageDown', event('PageDown', 'PageDown', { ctrlKey: true }), false));
  assert.ok(matchesKey('Mod+/', event('/', 'Slash', { ctrlKey: true }), false));
  assert.ok(matchesKey('Shift+Mod+Enter', event('Enter', 'Enter', { ctrlKey: true, shiftKey: true }), false));
  assert.ok(!matchesKey('Mod+Enter', event('Enter', 'Enter', { ctrlKey: true, shiftKey: true }), false));
});

test('labels in the platform words', () => {
  assert.equal(keyLabel('Shift+Mod+Enter', false), 'Ctrl+Shift+Enter');
  assert.equal(keyLabel('Shift+Mod+Enter', true), '⇧⌘Enter');
  assert.equal(keyLabel('Alt+t', false), 'Alt+T');
  assert.equal(keyLabel('Ctrl+PageDown', true), '⌃PageDown');
});

test('fuzzy filter: subsequence, word starts first', () => {
  assert.equal(fuzzyScore('New tab', 'xyz'), null);
  const titles = ['Go to Analytics', 'Next tab', 'New tab', 'Format SQL'];
  assert.deepEqual(fuzzyFilter(titles, 'nt', (t) => t).slice(0, 2), ['New tab', 'Next tab']);
  assert.deepEqual(fuzzyFilter(titles, 'fmt', (t) => t), ['Format SQL']);
  assert.deepEqual(fuzzyFilter(titles, '', (t) => t), titles);
});
