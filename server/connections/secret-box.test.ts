import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SecretBox, SecretUnreadableError } from './secret-box.ts';

const home = () => mkdtempSync(join(tmpdir(), 'dbt-secret-'));

test('web mode: a 0600 key file is created once and reused', () => {
  const dir = home();
  const a = SecretBox.open(dir, undefined);
  const b = SecretBox.open(dir, undefined);
  assert.deepEqual(a.info, { storage: 'key-file', path: join(dir, 'secret.key') });
  assert.equal(statSync(join(dir, 'secret.key')).mode & 0o777, 0o600);
  assert.equal(b.decrypt(a.encrypt('s3cret', 'conn-1'), 'conn-1'), 's3cret');
  assert.equal(a.fingerprint, b.fingerprint);
});

test('desktop mode: the handed-over key is used and no key file is written', () => {
  const dir = home();
  const key = randomBytes(32).toString('base64');
  const box = SecretBox.open(dir, key);
  assert.deepEqual(box.info, { storage: 'os-keychain' });
  assert.throws(() => readFileSync(join(dir, 'secret.key')));
  assert.equal(SecretBox.open(dir, key).decrypt(box.encrypt('pw', 'x'), 'x'), 'pw');
  assert.throws(() => SecretBox.open(dir, 'dG9vIHNob3J0'), /32 bytes/);
});

test('ciphertext reveals nothing, differs each time, and is bound to its connection', () => {
  const box = SecretBox.open(home(), undefined);
  const one = box.encrypt('hunter2-password', 'conn-1');
  assert.ok(!one.includes('hunter2'));
  assert.notEqual(one, box.encrypt('hunter2-password', 'conn-1'));
  assert.throws(() => box.decrypt(one, 'conn-2'), SecretUnreadableError);
});

test('another key, or a tampered payload, is a clear error rather than garbage', () => {
  const box = SecretBox.open(home(), undefined);
  const other = SecretBox.open(home(), undefined);
  const payload = box.encrypt('pw', 'c');
  assert.throws(() => other.decrypt(payload, 'c'), /cannot be decrypted/);
  const parts = payload.split(':');
  parts[3] = Buffer.from('tampered').toString('base64');
  assert.throws(() => box.decrypt(parts.join(':'), 'c'), SecretUnreadableError);
  assert.throws(() => box.decrypt('garbage', 'c'), SecretUnreadableError);
});

test('a loosened key file mode is tightened back to 0600', () => {
  const dir = home();
  SecretBox.open(dir, undefined);
  chmodSync(join(dir, 'secret.key'), 0o644);
  assert.equal(statSync(join(dir, 'secret.key')).mode & 0o777, 0o644);
  SecretBox.open(dir, undefined);
  assert.equal(statSync(join(dir, 'secret.key')).mode & 0o777, 0o600);
});
