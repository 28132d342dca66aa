// The product's features, each plugged into the server through the ServerContext. Order
// matters where one feature uses another's service: the terminal's "Open CLI" and the
// query endpoint both use the connection manager.
import { ActivitySettingsFile } from './activity/activity-settings.ts';
import { ActivityRecorder } from './activity/recorder.ts';
import { AnalyticsHub } from './analytics/hub.ts';
import { MinuteHistory } from './analytics/minute-history.ts';
import { openMonitor } from './analytics/monitors.ts';
import { registerAnalyticsRoutes } from './api/analytics.ts';
import { registerActivityRoutes } from './api/activity.ts';
import { registerBackupRoutes } from './api/backups.ts';
import { registerConnectionRoutes } from './api/connections.ts';
import { BackupScheduler } from './backups/scheduler.ts';
import { BackupService } from './backups/service.ts';
import { BackupStore } from './backups/store.ts';
import { registerExportRoutes } from './api/export.ts';
import { registerImportRoutes } from './api/imports.ts';
import { ImportService } from './imports/service.ts';
import { UploadStore } from './imports/uploads.ts';
import { registerSchemaRoutes } from './api/schema.ts';
import { registerSchemaDiffRoutes } from './api/schema-diff.ts';
import { registerTableDataRoutes } from './api/table-data.ts';
import { registerTerminalRoutes } from './api/terminal.ts';
import { registerWorkspaceRoutes } from './api/workspace.ts';
import { ConnectionManager } from './connections/manager.ts';
import { MigrationFolders } from './migrations/folders.ts';
import { MigrationService } from './migrations/service.ts';
import { addSampleConnection } from './connections/sample-connection.ts';
import { SecretBox } from './connections/secret-box.ts';
import { ConnectionStore } from './connections/store.ts';
import type { ServerContext } from './context.ts';
import { connect } from './db/index.ts';
import { createSampleDatabase } from './db/sample/sample-database.ts';
import { SessionLimits } from './query/session-limits.ts';
import { TableDataService } from './table-data/service.ts';
import { terminalAvailability } from './terminal/availability.ts';
import { TerminalSessions } from './terminal/sessions.ts';
import { QueryHistory } from './workspace/query-history.ts';
import { WorkspaceFile } from './workspace/workspace-file.ts';
import type { WsEndpoint } from './ws/endpoint.ts';
import { createAnalyticsEndpoint } from './ws/analytics.ts';
import { createBackupsEndpoint } from './ws/backups.ts';
import { createMigratorEndpoint } from './ws/migrator.ts';
import { createQueryEndpoint } from './ws/query.ts';
import { createTerminalEndpoint } from './ws/terminal.ts';
import { createTestJobsEndpoint } from './ws/test-jobs.ts';

export async function registerFeatures(context: ServerContext): Promise<WsEndpoint[]> {
  const { config, log, api, shutdown, health, secrets } = context;

  // Connections: the encrypted store, the sample database on first run, live drivers.
  const box = SecretBox.open(config.home, config.secretKey);
  const firstRun = ConnectionStore.isFirstRun(config.home);
  const store = new ConnectionStore(config.home, box);
  if (store.recoveredFrom) log.error({ movedTo: store.recoveredFrom }, 'connections.json could not be read; it was moved aside and kept');
  health.register('connections', () => (store.recoveredFrom ? { ok: false, detail: `connections.json was unreadable; kept as ${store.recoveredFrom}` } : { ok: true }));
  if (firstRun) await addSampleConnection(config.home, store, createSampleDatabase);
  const connections = new ConnectionManager(store, connect, log, secrets);
  context.onReady(() => connections.reconnectSaved());
  const stopWatching = connections.watch(config.connectionCheckMs);
  shutdown.onShutdown('connection watch', () => stopWatching());
  shutdown.onShutdown('database connections', () => connections.closeAll());

  // Activity log: statements, connection tests, connects, exports and jobs, for an audit.
  const activitySettings = new ActivitySettingsFile(config.home);
  const activity = new ActivityRecorder({
    log: context.activity, settings: activitySettings, scrub: (text) => secrets.scrub(text), serverLog: log,
    nameOf: (id) => connections.nameOf(id),
  });
  registerActivityRoutes(api, context.activity, activitySettings);
  shutdown.onShutdown('activity of jobs', activity.watchJobs(context.jobs));

  // SQL editor: tabs, history, results, exports.
  const history = new QueryHistory(config.home);
  registerConnectionRoutes(api, connections, box, history, activity);
  registerSchemaRoutes(api, connections);
  const workspace = new WorkspaceFile(config.home);
  if (workspace.movedAside) log.error({ movedTo: workspace.movedAside }, 'workspace.json could not be read; it was moved aside and kept');
  health.register('workspace', () => (workspace.movedAside ? { ok: false, detail: `workspace.json was unreadable; kept as ${workspace.movedAside}` } : { ok: true }));
  registerWorkspaceRoutes(api, workspace, history, connections);
  registerExportRoutes(api, connections, activity);
  const limits = new SessionLimits(config.sessionLimits);
  health.register('querySessions', () => ({ ok: true, detail: `${limits.open} open of at most ${limits.settings.perServer}` }));
  const query = createQueryEndpoint(context.endpoint, { connections, history, log, limits, activity });

  // Data explorer: pages, counts and staged edits on connections of its own.
  const tableData = new TableDataService(connections);
  const stopForgettingData = connections.onClose((id) => void tableData.forget(id));
  shutdown.onShutdown('data explorer connections', async () => {
    stopForgettingData();
    await tableData.close();
  });
  registerTableDataRoutes(api, tableData);

  // Terminal, with "Open CLI" for a saved connection.
  const availability = terminalAvailability(context.loopbackOnly, process.platform);
  const terminals = new TerminalSessions({ log });
  shutdown.onShutdown('terminal sessions', () => terminals.closeAll());
  registerTerminalRoutes(api, terminals, availability);
  const terminal = createTerminalEndpoint(context.endpoint, {
    sessions: terminals,
    resolveConnection: async (id) => connections.resolve(id),
    availability,
    secrets,
  });

  // Backups and restores, as jobs; files under <home>/backups.
  const backups = new BackupService({ store: new BackupStore(config.home), jobs: context.jobs, connections, log });
  const scheduler = new BackupScheduler({ home: config.home, service: backups, jobs: context.jobs, connections, log });
  context.onReady(() => scheduler.start());
  shutdown.onShutdown('backup schedules', () => scheduler.stop());
  registerBackupRoutes(api, backups);
  const backupsEndpoint = createBackupsEndpoint(context.endpoint, context.jobs, backups, scheduler);

  // Imports of CSV / JSON / NDJSON files, as jobs; uploads under <home>/imports.
  registerImportRoutes(api, new ImportService({ uploads: new UploadStore(config.home, config.importMaxBytes), jobs: context.jobs, connections, log }));

  // Live analytics: one monitoring connection per watched database.
  const minutes = new MinuteHistory(config.home);
  const hub = new AnalyticsHub({ resolve: (id) => connections.resolve(id).target, openMonitor, appSessions: (id) => limits.openOn(id), minutes });
  const stopForgetting = connections.onClose((id) => void hub.forget(id));
  shutdown.onShutdown('analytics monitors', async () => {
    stopForgetting();
    await hub.closeAll();
    minutes.close();
  });
  const analytics = createAnalyticsEndpoint(context.endpoint, hub);
  registerAnalyticsRoutes(api, connections);

  // Migrations: a folder of SQL files per connection, applied as jobs.
  const migrations = new MigrationService({ folders: new MigrationFolders(config.home), jobs: context.jobs, connections });
  registerSchemaDiffRoutes(api, connections, migrations);
  shutdown.onShutdown('migration sessions', () => migrations.close());
  const migrator = createMigratorEndpoint(context.endpoint, context.jobs, migrations);

  // Test-only job endpoint: never present unless the server was started with DB_TOOLKIT_TEST_JOBS=1.
  const testJobs = config.testJobs ? [createTestJobsEndpoint(context.endpoint, context.jobs)] : [];
  if (config.testJobs) log.warn('DB_TOOLKIT_TEST_JOBS=1: the test-only /ws/test-jobs endpoint is enabled');

  return [query, terminal, backupsEndpoint, analytics, migrator, ...testJobs];
}
