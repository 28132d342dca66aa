import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lockPage, sameOriginPath } from './lock-page.ts';

test('only a path on this server is kept as the page to land on', () => {
  assert.equal(sameOriginPath('/sql?connection=a&sql=SELECT%201#x'), '/sql?connection=a&sql=SELECT%201#x');
  for (const evil of [null, '', 'sql', '//evil.example/', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/%2F%2Fevil']) {
    assert.ok(sameOriginPath(evil).startsWith('/') && !sameOriginPath(evil).startsWith('//'), String(evil));
  }
  assert.equal(sameOriginPath('//evil.example/'), '/');
});

test('the page escapes what it shows and carries the page asked for', () => {
  const html = lockPage('<b>reason</b>', '/sql?a="x"');
  assert.match(html, /&#60;b&#62;reason/);
  assert.match(html, /name="next" value="\/sql\?a=&#34;x&#34;"/);
});
