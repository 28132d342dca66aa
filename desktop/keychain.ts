// Electron's safeStorage as the Keychain secret-key.ts needs. On Linux without a secret
// service, safeStorage "encrypts" with a password hard-coded in Chromium (basic_text):
// that protects nothing, so it counts as no keychain.
import { safeStorage } from 'electron';
import type { Keychain } from './secret-key.ts';

export const electronKeychain: Keychain = {
  available: async () => {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
    return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
  },
  encrypt: (plainText) => safeStorage.encryptStringAsync(plainText),
  decrypt: async (encrypted) => (await safeStorage.decryptStringAsync(encrypted)).result,
};
