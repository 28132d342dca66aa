// Each engine's part of the connection form. A new engine is one entry: a component of its
// own, or one of these when its settings have the same shape (a server, or a file).
import type { ComponentType, ReactNode } from 'react';
import type { Engine, SettingsOf } from '../../../server/protocol/index.ts';
import { FileFields } from './file-fields.tsx';
import { ServerFields } from './server-fields.tsx';

export interface EngineFieldsProps<S> {
  settings: S;
  update(patch: Partial<S>): void;
  /** The password input, for the engines that take one, to place among their fields. */
  password: ReactNode;
}

export const ENGINE_FIELDS: { [E in Engine]: ComponentType<EngineFieldsProps<SettingsOf<E>>> } = {
  postgres: ServerFields,
  mysql: ServerFields,
  sqlite: FileFields,
};
