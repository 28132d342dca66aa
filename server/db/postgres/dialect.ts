// PostgreSQL's entry in the dialect table (protocol/dialects.ts). Isomorphic: the app reads it.
import { postgreSplitterOptions } from 'dbgate-query-splitter';
import type { EngineDialect } from '../../protocol/dialects.ts';

export const postgresDialect: EngineDialect<'postgres'> = {
  engine: 'postgres',
  label: 'PostgreSQL',
  defaultSchema: 'public',
  hasSchemas: true,
  identifierQuote: { open: '"', close: '"' },
  splitter: postgreSplitterOptions,
  editorLanguage: 'PostgreSQL',
  formatterLanguage: 'postgresql',
  syntax: {
    lineComments: ['--'],
    quoted: [
      { open: "E'", close: "'", escape: 'doubled-or-backslash', literal: true },
      { open: "'", close: "'", escape: 'doubled', literal: true },
      { open: '"', close: '"', escape: 'doubled' },
    ],
    dollarQuotes: true,
  },
  readOnly: { begin: 'START TRANSACTION READ ONLY', end: 'ROLLBACK' },
  cli: 'psql',
  explainPrefix: 'EXPLAIN ',
  capabilities: {
    transactionalDdl: true,
    sequences: true,
    generatedKeys: 'returning',
    rowIdColumn: null, // ctid changes when a row is updated or the table vacuumed
    backupTools: { dump: 'pg_dump', restore: 'pg_restore' },
    backupKinds: ['full', 'schema-only', 'data-only', 'tables'],
    activity: true,
  },
  connection: {
    defaults: { engine: 'postgres', host: 'localhost', port: 5432, database: 'postgres', user: 'postgres', ssl: { mode: 'prefer' }, connectTimeoutSeconds: 10 },
    urlExample: 'postgres://user:password@host:5432/db',
    describe: (s) => `${s.user}@${s.host}:${s.port}/${s.database}`,
    suggestName: (s) => `${s.database} on ${s.host}`,
  },
};
