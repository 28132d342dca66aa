// Electron's safeStorage cannot run here, so the keychain is stood in for by AES-256-GCM
// with a key of its own: what is under test is the key file's life cycle.
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadOrCreateSecretKey, type Keychain } from './secret-key.ts';

function aesKeychain(available = true): Keychain {
  const key = randomBytes(32);
  return {
    available: async () => available,
    encrypt: async (text) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt: async (data) => {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

const dir = () => mkdtempSync(join(tmpdir(), 'dbt-secret-key-'));
const quiet = () => {};

test('creates a 32-byte key once, stores it only encrypted (0600), and returns the same key afterwards', async () => {
  const file = join(dir(), 'secret-key.bin');
  const keychain = aesKeychain();
  const key = await loadOrCreateSecretKey(file, keychain, quiet);
  assert.equal(Buffer.from(key!, 'base64').length, 32);
  assert.ok(!readFileSync(file).toString('latin1').includes(key!), 'the key is not stored in clear');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(await loadOrCreateSecretKey(file, keychain, quiet), key);
});

test('without a keychain: no key, no file (the server uses its own key file)', async () => {
  const file = join(dir(), 'secret-key.bin');
  const lines: string[] = [];
  assert.equal(await loadOrCreateSecretKey(file, aesKeychain(false), (l) => lines.push(l)), undefined);
  assert.equal(existsSync(file), false);
  assert.match(lines.join('\n'), /no OS keychain/);
});

test('a key file the keychain cannot decrypt is set aside, not deleted, and a new key is made', async () => {
  const folder = dir();
  const file = join(folder, 'secret-key.bin');
  const old = await loadOrCreateSecretKey(file, aesKeychain(), quiet);
  const lines: string[] = [];
  const fresh = await loadOrCreateSecretKey(file, aesKeychain(), (l) => lines.push(l)); // another keychain: cannot decrypt
  assert.notEqual(fresh, old);
  assert.equal(readdirSync(folder).filter((n) => n.startsWith('secret-key.bin.unreadable-')).length, 1);
  assert.match(lines.join('\n'), /saved passwords must be entered again/);
  assert.ok(!lines.join('\n').includes(old!) && !lines.join('\n').includes(fresh!), 'keys never reach the log');
});
