// "Connect by URL": each engine reads its own URLs (db/<engine>/url.ts); this picks the
// engine by the URL's scheme. Errors say what is wrong with the URL without repeating it
// (it may contain a password).
import { mysqlUrl } from '../db/mysql/url.ts';
import { postgresUrl } from '../db/postgres/url.ts';
import { sqliteUrl } from '../db/sqlite/url.ts';
import type { UrlFormat } from '../db/url-format.ts';
import { BadRequestError } from '../errors.ts';
import { ALL_DIALECTS, type Engine, type ParsedConnectionUrl } from '../protocol/index.ts';

const FORMATS: Record<Engine, UrlFormat> = {
  postgres: postgresUrl,
  mysql: mysqlUrl,
  sqlite: sqliteUrl,
};

export function parseConnectionUrl(input: string): ParsedConnectionUrl {
  const text = input.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]!.toLowerCase();
  const format = Object.values(FORMATS).find((f) => (scheme !== undefined && f.schemes.includes(scheme)) || f.readsBare?.(text));
  if (format) return format.parse(text);
  const examples = ALL_DIALECTS.map((d) => d.connection.urlExample).join(' or ');
  if (scheme === undefined) throw new BadRequestError(`Not a connection URL. Expected ${examples}.`);
  throw new BadRequestError(`Unsupported URL scheme "${scheme}:". Use ${examples}.`);
}
