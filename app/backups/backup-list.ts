// The complete backups a window knows of, kept from /ws/backups: the list sent on open
// (replacing everything, so a reconnect leaves nothing stale), then one message per
// change. A plain store for useSyncExternalStore.
import type { BackupManifest, BackupsServerMessage } from '../../server/protocol/index.ts';

export class BackupList {
  #byId = new Map<string, BackupManifest>();
  #sorted: BackupManifest[] = [];
  readonly #listeners = new Set<() => void>();

  /** Newest first. */
  get backups(): BackupManifest[] {
    return this.#sorted;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  apply(message: BackupsServerMessage): void {
    if (message.type === 'backups') this.#byId = new Map(message.backups.map((b) => [b.id, b]));
    else if (message.type === 'backup') this.#byId.set(message.backup.id, message.backup);
    else if (message.type === 'backup_deleted') this.#byId.delete(message.backupId);
    else return;
    this.#sorted = [...this.#byId.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    for (const listener of this.#listeners) listener();
  }
}
