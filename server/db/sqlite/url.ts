// sqlite:/path/to.db, sqlite:///path/to.db, file:/path/to.db?mode=ro, or a bare absolute
// path → settings.
import { isAbsolute } from 'node:path';
import type { ParsedConnectionUrl } from '../../protocol/index.ts';
import { BadRequestError } from '../../errors.ts';
import { decodeUrlPart, type UrlFormat } from '../url-format.ts';

export const sqliteUrl: UrlFormat = {
  schemes: ['sqlite', 'file'],
  readsBare: (text) => isAbsolute(text),
  parse(text: string): ParsedConnectionUrl {
    let file = text.replace(/^(sqlite|file):(\/\/(?=\/))?/i, '');
    const query = file.indexOf('?');
    const params = new URLSearchParams(query >= 0 ? file.slice(query + 1) : '');
    if (query >= 0) file = file.slice(0, query);
    file = decodeUrlPart(file, 'file path');
    if (!isAbsolute(file)) throw new BadRequestError('A SQLite URL needs an absolute file path, e.g. sqlite:/home/me/data.db.');
    return { settings: { engine: 'sqlite', file, readOnly: params.get('mode') === 'ro' } };
  },
};
