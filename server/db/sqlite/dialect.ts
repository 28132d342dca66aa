// SQLite's entry in the dialect table (protocol/dialects.ts). Isomorphic: the app reads it.
import { sqliteSplitterOptions } from 'dbgate-query-splitter';
import type { EngineDialect } from '../../protocol/dialects.ts';

export const sqliteDialect: EngineDialect<'sqlite'> = {
  engine: 'sqlite',
  label: 'SQLite',
  defaultSchema: 'main',
  hasSchemas: false,
  identifierQuote: { open: '"', close: '"' },
  splitter: sqliteSplitterOptions,
  editorLanguage: 'SQLite',
  formatterLanguage: 'sqlite',
  syntax: {
    lineComments: ['--'],
    quoted: [
      { open: "'", close: "'", escape: 'doubled', literal: true },
      { open: '"', close: '"', escape: 'doubled' },
      { open: '`', close: '`', escape: 'doubled' },
      { open: '[', close: ']', escape: 'none' },
    ],
    dollarQuotes: false,
  },
  // query_only refuses writes in this connection until switched off again.
  readOnly: { begin: 'PRAGMA query_only = ON', end: 'PRAGMA query_only = OFF' },
  cli: 'sqlite3',
  explainPrefix: 'EXPLAIN QUERY PLAN ',
  capabilities: {
    transactionalDdl: true,
    sequences: false,
    generatedKeys: 'returning',
    rowIdColumn: 'rowid',
    backupTools: null, // the online backup API, safe while the database is in use
    backupKinds: ['full', 'schema-only', 'tables'],
    activity: false, // one file, no server: its analytics are file and page statistics
  },
  connection: {
    defaults: { engine: 'sqlite', file: '', readOnly: false },
    urlExample: 'sqlite:/path/file.db',
    describe: (s) => `${s.file}${s.readOnly ? ' (read-only)' : ''}`,
    suggestName: (s) => s.file.split(/[\\/]/).pop() || 'SQLite',
  },
};
