// Every REST route the server serves, and nothing else: the router refuses a handler for a
// route that is not here and the server refuses to start while one here has no handler;
// the UI calls routes only through this table; README's "REST API" lists each of them
// (routes.test.ts checks). Adding a route = a line here, its handler, its README line.
import * as z from 'zod';
import { ActivityPage, ActivityQuery, ActivitySettings } from './activity.ts';
import { BackupId } from './backup-manifest.ts';
import { ImportPlan, ImportPreview, ImportRequest, ImportUpload, PreviewRequest, UploadId } from './imports.ts';
import { JobSnapshot } from './jobs.ts';
import { ConnectionInput, KeyStorageInfo, ParsedConnectionUrl, SavedConnection, TestConnectionInput, TestConnectionResult } from './connections.ts';
import { route } from './route.ts';
import { SaveMigrationRequest, SavedMigration, SchemaDiffRequest, SchemaDiffResult, SchemaModel } from './schema-diff.ts';
import { TableStatistics } from './table-statistics.ts';
import { CompletionSchema, ObjectDdl, ObjectDetails, ObjectPage, ObjectSummary, SchemaSummary } from './schema.ts';
import { ApplyResponse, ChangeSet, CountRequest, CountResponse, DataExportRequest, PageRequest, PageResponse, PreviewResponse, TableInfo, TableRef } from './table-data.ts';
import { TerminalStatus } from './terminal.ts';
import { EditorTab, HistoryEntry, TabId, TabInput, Workspace, WorkspaceLayout } from './workspace.ts';

/** GET /api/info: facts about this server the UI shows (version, where files live). */
export const ServerInfo = z.object({
  version: z.string(),
  pid: z.number().int(),
  node: z.string(),
  home: z.string(),
  logFile: z.string(),
  portFile: z.string(),
  host: z.string(),
  dev: z.boolean(),
});
export type ServerInfo = z.infer<typeof ServerInfo>;

export const MAX_OBJECT_PAGE = 1000;
const count = (min: number, max: number) => z.coerce.number<number>().int().min(min).max(max);

/** The export form: one row-returning statement, written as CSV or JSON. */
export const ExportRequest = z.object({
  sql: z.string().min(1, 'Nothing to export').max(1024 * 1024),
  format: z.enum(['csv', 'json']),
  /** Without extension; "export" when empty. */
  filename: z.string().max(100).regex(/^[\w.-]*$/).optional(),
});
export type ExportRequest = z.infer<typeof ExportRequest>;

const id = '/api/connections/:id';

export const routes = {
  info: route({ method: 'GET', path: '/api/info', response: ServerInfo }),

  listConnections: route({
    method: 'GET',
    path: '/api/connections',
    response: z.object({ connections: z.array(SavedConnection), keyStorage: KeyStorageInfo }),
  }),
  createConnection: route({ method: 'POST', path: '/api/connections', body: ConnectionInput, response: SavedConnection, status: 201 }),
  testConnection: route({ method: 'POST', path: '/api/connections/test', body: TestConnectionInput, response: TestConnectionResult }),
  parseConnectionUrl: route({
    method: 'POST',
    path: '/api/connections/parse-url',
    body: z.object({ url: z.string().min(1).max(8192) }),
    response: ParsedConnectionUrl,
  }),
  getConnection: route({ method: 'GET', path: id, response: SavedConnection }),
  updateConnection: route({ method: 'PUT', path: id, body: ConnectionInput, response: SavedConnection }),
  deleteConnection: route({ method: 'DELETE', path: id }),
  connect: route({ method: 'POST', path: `${id}/connect`, response: SavedConnection }),
  disconnect: route({ method: 'POST', path: `${id}/disconnect`, response: SavedConnection }),

  listSchemas: route({ method: 'GET', path: `${id}/schemas`, response: z.object({ schemas: z.array(SchemaSummary) }) }),
  listObjects: route({
    method: 'GET',
    path: `${id}/schemas/:schema/objects`,
    query: z.object({ search: z.string().max(1000).optional(), offset: count(0, Number.MAX_SAFE_INTEGER).default(0), limit: count(1, MAX_OBJECT_PAGE).default(200) }),
    response: ObjectPage,
  }),
  describeObject: route({ method: 'GET', path: `${id}/objects/:schema/:name`, response: ObjectDetails }),
  objectDdl: route({ method: 'GET', path: `${id}/objects/:schema/:name/ddl`, response: ObjectDdl }),
  searchObjects: route({
    method: 'GET',
    path: `${id}/search`,
    query: z.object({ q: z.string().trim().min(1, 'Give a search text in ?q=.').max(1000), limit: count(1, MAX_OBJECT_PAGE).default(100) }),
    response: z.object({ objects: z.array(ObjectSummary) }),
  }),
  completion: route({ method: 'GET', path: `${id}/completion`, response: CompletionSchema }),
  history: route({
    method: 'GET',
    path: `${id}/history`,
    query: z.object({ q: z.string().max(1000).default(''), limit: count(1, 500).default(100) }),
    response: z.object({ entries: z.array(HistoryEntry) }),
  }),
  tableStatistics: route({ method: 'GET', path: `${id}/table-statistics`, response: TableStatistics }),
  exportRows: route({ method: 'POST', path: `${id}/export`, kind: 'download', body: ExportRequest, maxBodyBytes: 1.5 * 1024 * 1024 }),

  workspace: route({ method: 'GET', path: '/api/workspace', response: Workspace }),
  saveTab: route({
    method: 'PUT',
    path: '/api/workspace/tabs/:id',
    params: { id: TabId },
    body: TabInput,
    response: EditorTab,
    // A tab holds up to 5 M characters of SQL; as UTF-8 JSON that can take about 3× the bytes.
    maxBodyBytes: 16 * 1024 * 1024,
  }),
  deleteTab: route({ method: 'DELETE', path: '/api/workspace/tabs/:id', params: { id: TabId } }),
  saveLayout: route({ method: 'PUT', path: '/api/workspace/layout', body: WorkspaceLayout, response: Workspace }),

  terminal: route({ method: 'GET', path: '/api/terminal', response: TerminalStatus }),

  schemaModel: route({ method: 'GET', path: `${id}/schemas/:schema/model`, response: SchemaModel }),
  schemaDiff: route({ method: 'POST', path: '/api/schema-diff', body: SchemaDiffRequest, response: SchemaDiffResult }),
  saveDiffMigration: route({ method: 'POST', path: `${id}/schema-diff/migration`, body: SaveMigrationRequest, response: SavedMigration, status: 201, maxBodyBytes: 9 * 1024 * 1024 }),
  activity: route({ method: 'GET', path: '/api/activity', query: ActivityQuery, response: ActivityPage }),
  activitySettings: route({ method: 'GET', path: '/api/activity/settings', response: ActivitySettings }),
  saveActivitySettings: route({ method: 'PUT', path: '/api/activity/settings', body: ActivitySettings, response: ActivitySettings }),

  downloadBackup: route({ method: 'GET', path: '/api/backups/:id/download', params: { id: BackupId }, kind: 'download' }),

  // The data explorer (server/table-data/).
  tableInfo: route({ method: 'POST', path: `${id}/data/info`, body: TableRef, response: TableInfo }),
  tablePage: route({ method: 'POST', path: `${id}/data/page`, body: PageRequest, response: PageResponse }),
  tableCount: route({ method: 'POST', path: `${id}/data/count`, body: CountRequest, response: CountResponse }),
  previewChanges: route({ method: 'POST', path: `${id}/data/preview`, body: ChangeSet, response: PreviewResponse, maxBodyBytes: 32 * 1024 * 1024 }),
  applyChanges: route({ method: 'POST', path: `${id}/data/apply`, body: ChangeSet, response: ApplyResponse, maxBodyBytes: 32 * 1024 * 1024 }),
  exportTable: route({ method: 'POST', path: `${id}/data/export`, kind: 'download', body: DataExportRequest, maxBodyBytes: 1.5 * 1024 * 1024 }),
  uploadImport: route({
    method: 'POST',
    path: '/api/imports',
    query: z.object({ name: z.string().max(255).default('upload') }),
    response: ImportUpload,
    status: 201,
    kind: 'upload',
    // The real limit is DB_TOOLKIT_IMPORT_MAX_BYTES, enforced while the file streams to disk.
    maxBodyBytes: Number.MAX_SAFE_INTEGER,
  }),
  previewImport: route({ method: 'POST', path: '/api/imports/:id/preview', params: { id: UploadId }, body: PreviewRequest, response: ImportPreview }),
  deleteImport: route({ method: 'DELETE', path: '/api/imports/:id', params: { id: UploadId } }),
  planImport: route({ method: 'POST', path: `${id}/import/plan`, body: ImportRequest.omit({ mode: true, batchRows: true }), response: ImportPlan }),
  startImport: route({ method: 'POST', path: `${id}/import`, body: ImportRequest, response: JobSnapshot, status: 201 }),
};
