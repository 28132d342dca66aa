import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handOffUrl, isSameOrigin, opensExternally } from './navigation.ts';

test('only the exact server origin counts as inside the app', () => {
  const origin = 'http://127.0.0.1:8001';
  assert.equal(isSameOrigin('http://127.0.0.1:8001/logs?x=1', origin), true);
  assert.equal(isSameOrigin('http://127.0.0.1:8002/', origin), false, 'another port is another server');
  assert.equal(isSameOrigin('http://localhost:8001/', origin), false);
  assert.equal(isSameOrigin('https://127.0.0.1:8001/', origin), false);
  assert.equal(isSameOrigin('http://127.0.0.1:8001@evil.example/', origin), false);
  assert.equal(isSameOrigin('file:///etc/passwd', origin), false);
  assert.equal(isSameOrigin('not a url', origin), false);
});

test('web and mail links open outside; other schemes never do', () => {
  assert.equal(opensExternally('https://www.postgresql.org/docs/'), true);
  assert.equal(opensExternally('mailto:someone@example.com'), true);
  for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:', 'data:text/html,x']) {
    assert.equal(opensExternally(url), false, url);
  }
});

test('the hand-off link carries the token as a query parameter', () => {
  assert.equal(handOffUrl('http://127.0.0.1:8001', 'abc_DEF-123'), 'http://127.0.0.1:8001/?token=abc_DEF-123');
});
