// The key that protects saved connection passwords on desktop. Created once (32 random
// bytes), stored in userData encrypted by the OS keychain (Electron safeStorage: Keychain
// on macOS, DPAPI on Windows, libsecret/KWallet on Linux), and handed to the server at
// each launch as DB_TOOLKIT_SECRET_KEY. Without a real keychain we hand over nothing and
// the server keeps its own 0600 key file, which is no weaker than a key "encrypted" with
// Chromium's hard-coded fallback password would be.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { writeFileAtomicSync } from '../server/fs/atomic-write.ts';

/** The part of safeStorage this needs (keychain.ts adapts Electron's). */
export interface Keychain {
  /** False when there is no OS keychain worth the name. */
  available(): Promise<boolean>;
  encrypt(plainText: string): Promise<Buffer>;
  decrypt(encrypted: Buffer): Promise<string>;
}

const KEY_BYTES = 32;

/** The key as base64, or undefined when no keychain can protect it. */
export async function loadOrCreateSecretKey(file: string, keychain: Keychain, log: (line: string) => void): Promise<string | undefined> {
  if (!(await keychain.available())) {
    log('[desktop] no OS keychain available; the server protects saved passwords with its own key file');
    return undefined;
  }
  if (existsSync(file)) {
    let problem: string;
    try {
      const key = await keychain.decrypt(readFileSync(file));
      if (Buffer.from(key, 'base64').length === KEY_BYTES) return key;
      problem = 'it does not hold a key';
    } catch (error) {
      problem = (error as Error).message;
    }
    // Keep the unreadable file (the keychain may come back) and start a new key: passwords
    // saved with the old one must be entered again, which beats not starting at all.
    const aside = `${file}.unreadable-${Date.now()}`;
    renameSync(file, aside);
    log(`[desktop] cannot read the password key ${file} (${problem}); kept it as ${aside} and created a new key — saved passwords must be entered again`);
  }
  const key = randomBytes(KEY_BYTES).toString('base64');
  writeFileAtomicSync(file, await keychain.encrypt(key), { mode: 0o600 });
  return key;
}
