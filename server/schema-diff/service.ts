// The schema diff between two saved connections (or two schemas of one): both models read
// at once, compared, and the scripts written for the target.
import type { ConnectionManager } from '../connections/manager.ts';
import { BadRequestError } from '../errors.ts';
import { dialectOf, type SchemaDiffRequest, type SchemaDiffResult, type SchemaModel } from '../protocol/index.ts';
import { diffModels } from './diff.ts';
import { SCHEMA_DIFF_ENGINES } from './engines.ts';
import { readModel } from './read-model.ts';

export async function schemaModel(connections: ConnectionManager, connectionId: string, schema: string): Promise<SchemaModel> {
  return (await readModel(await connections.driver(connectionId), schema)).model;
}

export async function diffSchemas(connections: ConnectionManager, request: SchemaDiffRequest): Promise<SchemaDiffResult> {
  const [source, target] = await Promise.all([connections.driver(request.source.connectionId), connections.driver(request.target.connectionId)]);
  if (source.dialect.engine !== target.dialect.engine) {
    throw new BadRequestError(`The source is ${source.dialect.label} and the target ${target.dialect.label}: a schema diff compares two schemas of the same engine.`);
  }
  const [sourceModel, targetModel] = await Promise.all([readModel(source, request.source.schema), readModel(target, request.target.schema)]);
  const engine = SCHEMA_DIFF_ENGINES[dialectOf(target.dialect.engine).engine];
  return diffModels(sourceModel.model, targetModel.model, engine, { allowDrops: request.allowDrops, sessionSchema: targetModel.sessionSchema });
}
