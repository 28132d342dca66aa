// What Ctrl+C and the grid's context menu put on the clipboard for a block of cells: TSV
// (what spreadsheets paste), CSV and JSON (the very formats of the server's export, so a
// copied block and an exported file agree), and SQL INSERT statements in the connection's
// dialect. Cells are the engine CLI's text; NULL stays distinguishable where the format can.
import { quoteIdentifier, type Dialect, type ResultColumn } from '../../../server/protocol/index.ts';
import { rowWriter } from '../../../server/query/export-formats.ts';

export type Rows = (string | null)[][];
export type CopyFormat = 'tsv' | 'tsv-headers' | 'csv' | 'json' | 'insert';

const tsvNeedsQuotes = /[\t\r\n"]/;
const tsvField = (cell: string | null) => (cell === null ? '' : tsvNeedsQuotes.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const SQL_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** Tab-separated, one line per row; a cell with a tab, newline or quote is quoted as spreadsheets do. NULL is empty. */
export function toTsv(columns: ResultColumn[], rows: Rows, headers = false): string {
  const lines = rows.map((row) => row.map(tsvField).join('\t'));
  if (headers) lines.unshift(columns.map((c) => tsvField(c.name)).join('\t'));
  return lines.join('\n');
}

export function toCsv(columns: ResultColumn[], rows: Rows): string {
  const writer = rowWriter('csv');
  return writer.header(columns) + rows.map((row, i) => writer.row(row, i === 0)).join('') + writer.footer();
}

export function toJson(columns: ResultColumn[], rows: Rows): string {
  const writer = rowWriter('json');
  return writer.header(columns) + rows.map((row, i) => writer.row(row, i === 0)).join('') + writer.footer();
}

/**
 * One INSERT per row into `table` (written as given: the caller quotes or qualifies it).
 * Numeric columns whose text is a number go unquoted; other text is a string literal, with
 * backslashes doubled too where the dialect reads them as escapes.
 */
export function toInsert(dialect: Dialect, table: string, columns: ResultColumn[], rows: Rows): string {
  const names = columns.map((c) => quoteIdentifier(dialect, c.name)).join(', ');
  const backslashEscapes = dialect.syntax.quoted.some((q) => q.open === "'" && q.escape === 'doubled-or-backslash');
  const literal = (cell: string | null, column: ResultColumn) => {
    if (cell === null) return 'NULL';
    if (column.numeric && SQL_NUMBER.test(cell)) return cell;
    let text = cell.replaceAll("'", "''");
    if (backslashEscapes) text = text.replaceAll('\\', '\\\\');
    return `'${text}'`;
  };
  return rows.map((row) => `INSERT INTO ${table} (${names}) VALUES (${row.map((cell, i) => literal(cell, columns[i]!)).join(', ')});`).join('\n');
}

export function formatCells(format: CopyFormat, dialect: Dialect, table: string, columns: ResultColumn[], rows: Rows): string {
  switch (format) {
    case 'tsv':
      return toTsv(columns, rows);
    case 'tsv-headers':
      return toTsv(columns, rows, true);
    case 'csv':
      return toCsv(columns, rows);
    case 'json':
      return toJson(columns, rows);
    case 'insert':
      return toInsert(dialect, table, columns, rows);
  }
}

/**
 * The table a simple `SELECT … FROM name` reads, written as the user wrote it (so the
 * engine folds its case the same way), as the target of copied INSERTs; `table_name` when
 * the statement is not that simple (a join, a subquery), for the user to replace.
 */
export function insertTarget(sql: string): string {
  const match = /\bfrom\s+((?:[A-Za-z_][\w$]*\.)?[A-Za-z_][\w$]*)\s*(?:$|;|\bwhere\b|\border\b|\blimit\b|\bgroup\b|\bas\b|\b[A-Za-z_]\w*\s*(?:$|;|\bwhere\b|\border\b|\blimit\b))/i.exec(sql);
  if (!match || /\bjoin\b/i.test(sql)) return 'table_name';
  return match[1]!;
}
