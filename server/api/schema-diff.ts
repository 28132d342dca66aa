// Schema tools over REST: a schema's model (the ER diagram), the diff of two schemas, and
// "save as migration" into the connection's migrations folder (through the migrations
// service, so its naming applies and every Migrations page hears of the new pair).
import { join } from 'node:path';
import type { ConnectionManager } from '../connections/manager.ts';
import type { MigrationService } from '../migrations/service.ts';
import { routes } from '../protocol/index.ts';
import { diffSchemas, schemaModel } from '../schema-diff/service.ts';
import type { ApiRouter } from './router.ts';

export function registerSchemaDiffRoutes(router: ApiRouter, connections: ConnectionManager, migrations: MigrationService): void {
  router
    .on(routes.schemaModel, async ({ params }) => schemaModel(connections, params.id, params.schema))
    .on(routes.schemaDiff, async ({ body }) => diffSchemas(connections, body))
    .on(routes.saveDiffMigration, ({ params, body }) => {
      connections.get(params.id); // 404 for a connection that does not exist
      const pair = migrations.create(params.id, { name: body.name, up: body.up, down: body.down });
      const folder = migrations.folder(params.id);
      return { version: pair.version, upFile: join(folder, pair.up!.file), downFile: join(folder, pair.down!.file) };
    });
}
