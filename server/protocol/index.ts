// The one module both server/ and app/ import for everything that crosses the wire, so a
// protocol change breaks the build rather than the user.
export * from './envelope.ts';
export * from './endpoints.ts';
export * from './status.ts';
export * from './app.ts';
export * from './jobs.ts';
export * from './logs.ts';
export * from './ssl.ts';
export * from './connections.ts';
export * from './dialects.ts';
export * from './schema.ts';
export * from './query.ts';
export * from './row-batch.ts';
export * from './terminal.ts';
export * from './sql-statements.ts';
export * from './workspace.ts';
export * from './backup-manifest.ts';
export * from './backup-schedules.ts';
export * from './backups.ts';
export * from './issues.ts';
export * from './route.ts';
export * from './routes.ts';
export * from './rest-client.ts';
export * from './analytics.ts';
export * from './imports.ts';
