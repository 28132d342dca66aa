// MySQL / MariaDB's parse guard: node-sql-parser's MariaDB grammar (it reads MySQL's too).
import parser from 'node-sql-parser/build/mariadb.js';
import { nodeSqlParserGuard } from '../../query/node-sql-parser-guard.ts';

export const mysqlParseGuard = nodeSqlParserGuard(new parser.Parser(), 'mariadb');
