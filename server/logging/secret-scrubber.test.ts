import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SecretScrubber } from './secret-scrubber.ts';

test('replaces every registered secret, in plain, JSON-escaped and URL-encoded form', () => {
  const s = new SecretScrubber();
  s.add('tok_abc123');
  s.add('pa"ss\\w/rd');
  assert.equal(s.scrub('url=/?token=tok_abc123 x tok_abc123'), 'url=/?token=[redacted] x [redacted]');
  assert.equal(s.scrub(JSON.stringify({ msg: 'login pa"ss\\w/rd' })), '{"msg":"login [redacted]"}');
  assert.equal(s.scrub(`dsn=postgres://u:${encodeURIComponent('pa"ss\\w/rd')}@h`), 'dsn=postgres://u:[redacted]@h');
});

test('leaves text alone when nothing is registered, and ignores trivially short secrets', () => {
  const s = new SecretScrubber();
  assert.equal(s.scrub('a.b*c'), 'a.b*c');
  s.add('ab');
  assert.equal(s.scrub('about ab'), 'about ab');
});
