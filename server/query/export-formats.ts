// Result exports as text: CSV (RFC 4180, header row, NULL as an empty unquoted field like
// psql's COPY … CSV), JSON (an array of objects; numeric columns as JSON numbers when
// their text is one) and NDJSON (the same objects, one per line).
import type { ResultColumn } from '../protocol/index.ts';

export type ExportFormat = 'csv' | 'json' | 'ndjson';

export interface RowWriter {
  header(columns: ResultColumn[]): string;
  row(cells: (string | null)[], first: boolean): string;
  footer(): string;
  contentType: string;
}

const needsQuotes = /[",\r\n]/;
const csvField = (cell: string | null) => (cell === null ? '' : cell === '' || needsQuotes.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

export function rowWriter(format: ExportFormat): RowWriter {
  if (format === 'csv') {
    return {
      contentType: 'text/csv; charset=utf-8',
      header: (columns) => `${columns.map((c) => csvField(c.name)).join(',')}\r\n`,
      row: (cells) => `${cells.map(csvField).join(',')}\r\n`,
      footer: () => '',
    };
  }
  let columns: ResultColumn[] = [];
  const object = (cells: (string | null)[]) => {
    const fields = columns.map((c, i) => {
      const cell = cells[i] ?? null;
      const value = cell !== null && c.numeric && JSON_NUMBER.test(cell) ? cell : JSON.stringify(cell);
      return `${JSON.stringify(c.name)}:${value}`;
    });
    return `{${fields.join(',')}}`;
  };
  const header = (cols: ResultColumn[], text: string) => {
    columns = cols;
    return text;
  };
  if (format === 'ndjson') {
    return { contentType: 'application/x-ndjson; charset=utf-8', header: (cols) => header(cols, ''), row: (cells) => `${object(cells)}\n`, footer: () => '' };
  }
  return {
    contentType: 'application/json; charset=utf-8',
    header: (cols) => header(cols, '['),
    row: (cells, first) => `${first ? '\n' : ',\n'}${object(cells)}`,
    footer: () => '\n]\n',
  };
}
