// The replay buffer: bounded whatever is printed, and a trimmed replay starts on a line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Scrollback } from './scrollback.ts';

test('keeps everything while under the limit', () => {
  const scrollback = new Scrollback(100);
  scrollback.append(Buffer.from('one\r\n'));
  scrollback.append(Buffer.from('two\r\n'));
  assert.equal(scrollback.snapshot().toString(), 'one\r\ntwo\r\n');
});

test('never holds more than its limit, keeping the newest output', () => {
  const scrollback = new Scrollback(1000);
  for (let i = 0; i < 10_000; i++) scrollback.append(Buffer.from(`line ${i}\r\n`));
  assert.ok(scrollback.size <= 1000, `holds ${scrollback.size} bytes`);
  const text = scrollback.snapshot().toString();
  assert.ok(text.endsWith('line 9999\r\n'));
  assert.ok(!text.includes('line 0\r'));
});

test('a single chunk bigger than the limit is trimmed to its tail', () => {
  const scrollback = new Scrollback(10);
  scrollback.append(Buffer.from('aaaaaaaaaaaaaaaaaaaa\nbbbbbbbbb'));
  assert.equal(scrollback.size, 10);
  assert.equal(scrollback.snapshot().toString(), 'bbbbbbbbb');
});

test('after trimming, the replay starts at the next line, not inside a character or escape sequence', () => {
  const scrollback = new Scrollback(24);
  scrollback.append(Buffer.from('\x1b[31mrouge été\x1b[0m\r\n'));
  scrollback.append(Buffer.from('second line\r\n'));
  const replay = scrollback.snapshot().toString();
  assert.equal(replay, 'second line\r\n');
});
