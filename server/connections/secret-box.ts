// Saved passwords are encrypted at rest with AES-256-GCM. The key comes from the desktop
// app (DB_TOOLKIT_SECRET_KEY, itself kept in the OS keychain through Electron's
// safeStorage) or, in web mode, from <home>/secret.key — 32 random bytes readable by this
// OS user only. Each ciphertext is bound to its connection id (GCM additional data), so
// encrypted passwords cannot be swapped between connections.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, StartupError } from '../errors.ts';
import { writeFileAtomicSync } from '../fs/atomic-write.ts';
import { LAUNCH_ENV } from '../lifecycle/launch-contract.ts';
import type { KeyStorageInfo } from '../protocol/index.ts';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const FORMAT = 'v1';

/** The saved password cannot be decrypted with the current key (key changed, file edited). */
export class SecretUnreadableError extends AppError {
  constructor() {
    super('password_unreadable', 'The saved password cannot be decrypted with this installation\'s key; enter it again.', 409);
  }
}

export class SecretBox {
  readonly info: KeyStorageInfo;
  /** Identifies the key without revealing it, so a store can tell which key encrypted it. */
  readonly fingerprint: string;
  readonly #key: Buffer;

  private constructor(key: Buffer, info: KeyStorageInfo) {
    this.#key = key;
    this.info = info;
    this.fingerprint = createHash('sha256').update(key).digest('hex').slice(0, 16);
  }

  static open(home: string, handedOverKey: string | undefined): SecretBox {
    if (handedOverKey !== undefined) {
      const key = Buffer.from(handedOverKey, 'base64');
      if (key.length !== KEY_BYTES) throw new StartupError(`${LAUNCH_ENV.secretKey} must be the base64 encoding of 32 bytes.`);
      return new SecretBox(key, { storage: 'os-keychain' });
    }
    const path = join(home, 'secret.key');
    if (!existsSync(path)) writeFileAtomicSync(path, randomBytes(KEY_BYTES).toString('base64'), { mode: 0o600 });
    chmodSync(path, 0o600); // repair a loosened mode rather than keep a readable key
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length !== KEY_BYTES) throw new StartupError(`${path} is not a valid key file (expected 32 bytes, base64). Move it aside to create a new one; saved passwords will then need re-entering.`);
    return new SecretBox(key, { storage: 'key-file', path });
  }

  encrypt(plaintext: string, boundTo: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(boundTo));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
  }

  decrypt(payload: string, boundTo: string): string {
    const [format, iv, tag, data] = payload.split(':');
    if (format !== FORMAT || !iv || !tag || data === undefined) throw new SecretUnreadableError();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(boundTo));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretUnreadableError();
    }
  }
}
