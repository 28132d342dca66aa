import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_WINDOW_STATE, restoreWindowState } from './window-state.ts';

const laptop = { x: 0, y: 0, width: 1920, height: 1080 };
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1440 };

test('nothing or garbage saved: the default size, centred', () => {
  for (const saved of [undefined, null, 'x', 42]) assert.deepEqual(restoreWindowState(saved, [laptop]), DEFAULT_WINDOW_STATE);
});

test('a saved place on a screen that still exists is restored, maximized included', () => {
  const saved = { x: 2000, y: 100, width: 1400, height: 900, maximized: true };
  assert.deepEqual(restoreWindowState(saved, [laptop, rightMonitor]), saved);
});

test('a place on a screen that is gone is dropped, the size kept (and fitted to the screens left)', () => {
  const state = restoreWindowState({ x: 2000, y: 100, width: 2400, height: 1300, maximized: false }, [laptop]);
  assert.deepEqual(state, { width: 1920, height: 1080, maximized: false });
});

test('a window whose title bar would be off-screen is re-centred', () => {
  assert.equal(restoreWindowState({ x: 100, y: -500, width: 1000, height: 700 }, [laptop]).x, undefined);
  assert.equal(restoreWindowState({ x: 1890, y: 10, width: 1000, height: 700 }, [laptop]).x, undefined, 'only 30 px visible');
});

test('sizes are kept within sane bounds', () => {
  const state = restoreWindowState({ width: 10, height: Number.NaN, maximized: 'yes' }, [laptop]);
  assert.deepEqual(state, { width: 720, height: DEFAULT_WINDOW_STATE.height, maximized: false });
});
