// Schema tools over REST: a schema's model (the ER diagram), the diff of two schemas, and
// "save as migration" into the connection's migrations folder.
import type { ConnectionManager } from '../connections/manager.ts';
import { routes } from '../protocol/index.ts';
import { migrationsFolder, saveMigration } from '../schema-diff/save-migration.ts';
import { diffSchemas, schemaModel } from '../schema-diff/service.ts';
import type { ApiRouter } from './router.ts';

export function registerSchemaDiffRoutes(router: ApiRouter, connections: ConnectionManager, home: string): void {
  router
    .on(routes.schemaModel, async ({ params }) => schemaModel(connections, params.id, params.schema))
    .on(routes.schemaDiff, async ({ body }) => diffSchemas(connections, body))
    .on(routes.saveDiffMigration, ({ params, body }) => {
      connections.get(params.id); // 404 for a connection that does not exist
      return saveMigration(migrationsFolder(home, params.id), body.name, body.up, body.down);
    });
}
