// SQLite's parse guard: node-sql-parser's SQLite grammar.
import parser from 'node-sql-parser/build/sqlite.js';
import { nodeSqlParserGuard } from '../../query/node-sql-parser-guard.ts';

export const sqliteParseGuard = nodeSqlParserGuard(new parser.Parser(), 'sqlite');
