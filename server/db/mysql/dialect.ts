// MySQL / MariaDB's entry in the dialect table (protocol/dialects.ts). Isomorphic: the app
// reads it. Databases play the part of schemas (a query names them as `db`.`table`).
import { mysqlSplitterOptions } from 'dbgate-query-splitter';
import type { EngineDialect } from '../../protocol/dialects.ts';

export const mysqlDialect: EngineDialect<'mysql'> = {
  engine: 'mysql',
  label: 'MySQL / MariaDB',
  defaultSchema: '',
  hasSchemas: true,
  identifierQuote: { open: '`', close: '`' },
  // Semicolons, and DELIMITER blocks for procedures and triggers.
  splitter: mysqlSplitterOptions,
  editorLanguage: 'MariaSQL',
  formatterLanguage: 'mariadb',
  syntax: {
    // "--" starts a comment only when a space follows; "#" always does.
    lineComments: ['-- ', '#'],
    quoted: [
      { open: "'", close: "'", escape: 'doubled-or-backslash', literal: true },
      { open: '"', close: '"', escape: 'doubled-or-backslash', literal: true },
      { open: '`', close: '`', escape: 'doubled' },
    ],
    dollarQuotes: false,
  },
  readOnly: { begin: 'START TRANSACTION READ ONLY', end: 'ROLLBACK' },
  cli: 'mariadb',
  explainPrefix: 'EXPLAIN ',
  capabilities: {
    transactionalDdl: false, // DDL commits implicitly
    sequences: false, // MariaDB has CREATE SEQUENCE, MySQL does not: count on AUTO_INCREMENT only
    generatedKeys: 'last-insert-id',
    rowIdColumn: null,
    backupTools: { dump: 'mariadb-dump', restore: 'mariadb' },
    backupKinds: ['full', 'schema-only', 'data-only', 'tables'],
    activity: true, // SHOW PROCESSLIST, KILL QUERY
  },
  connection: {
    defaults: { engine: 'mysql', host: 'localhost', port: 3306, database: 'mysql', user: 'root', ssl: { mode: 'prefer' }, connectTimeoutSeconds: 10 },
    urlExample: 'mysql://user:password@host:3306/db',
    describe: (s) => `${s.user}@${s.host}:${s.port}/${s.database}`,
    suggestName: (s) => `${s.database} on ${s.host}`,
  },
};
