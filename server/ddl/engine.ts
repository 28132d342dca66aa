// What each engine's home provides for "Show DDL" (db/<engine>/ddl.ts), collected in one
// Record<Engine, …> (engines.ts): the route calls these and never tests an engine's name.
import type { Driver, TargetOf } from '../db/driver.ts';
import type { Engine, ObjectKind } from '../protocol/index.ts';

export interface DdlRequest {
  schema: string;
  name: string;
  kind: ObjectKind;
}

export interface EngineDdl<E extends Engine> {
  /** The CREATE statements of one table or view (with its indexes and triggers where the engine has them), and where they came from. */
  ddl(target: TargetOf<E>, driver: Driver, object: DdlRequest): Promise<{ ddl: string; source: string }>;
}

export type DdlEngines = { [E in Engine]: EngineDdl<E> };
