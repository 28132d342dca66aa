// Settings guessed from a file's first bytes: encoding, format (a JSON array, NDJSON or
// CSV), and for CSV the delimiter, the quote and whether the first row is a header.
import type { ParseSettings } from '../protocol/index.ts';
import { detectEncoding } from './decode.ts';
import { looksTyped } from './infer.ts';

const DELIMITERS = [',', ';', '\t', '|'];

export function detectSettings(head: Buffer): ParseSettings {
  const encoding = detectEncoding(head);
  const text = decodeHead(head, encoding);
  const start = text.trimStart();
  const format = start.startsWith('[') ? 'json' : start.startsWith('{') ? 'ndjson' : 'csv';
  const lines = text.split(/\r?\n/).slice(0, 50);
  if (text.length === head.length && lines.length > 1) lines.pop(); // the last line may be cut off
  const quote = detectQuote(lines);
  const delimiter = detectDelimiter(lines, quote);
  return { format, encoding, delimiter, quote, header: format === 'csv' ? detectHeader(lines, delimiter, quote) : false };
}

function decodeHead(head: Buffer, encoding: ParseSettings['encoding']): string {
  return new TextDecoder(encoding).decode(head).replace(/^\uFEFF/, '');
}

function detectQuote(lines: string[]): string {
  const text = lines.join('\n');
  const double = text.split('"').length - 1;
  const single = text.split("'").length - 1;
  // Single quotes as the quote only when they enclose whole values and double quotes are absent.
  return double === 0 && single > 0 && /(^|[,;\t|])'[^']*'([,;\t|]|$)/m.test(text) ? "'" : '"';
}

/** The candidate that splits the most lines into the same number (> 1) of fields. */
function detectDelimiter(lines: string[], quote: string): string {
  let best = ',';
  let bestScore = 0;
  for (const delimiter of DELIMITERS) {
    const counts = lines.filter((l) => l.trim()).map((l) => splitLine(l, delimiter, quote).length);
    if (!counts.length) continue;
    const first = counts[0]!;
    if (first < 2) continue;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = consistent * 1000 + first;
    if (score > bestScore) {
      bestScore = score;
      best = delimiter;
    }
  }
  return best;
}

/** A header when the first row's values are distinct, non-empty and untyped (names, not data). */
function detectHeader(lines: string[], delimiter: string, quote: string): boolean {
  const first = lines.find((l) => l.trim());
  if (first === undefined) return false;
  const names = splitLine(first, delimiter, quote).map((v) => v.trim());
  return names.every((n) => n !== '' && !looksTyped(n)) && new Set(names).size === names.length;
}

/** Good enough for detection: quoted fields may hold the delimiter (not newlines). */
function splitLine(line: string, delimiter: string, quote: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote && c === quote) {
      if (quoted && line[i + 1] === quote) {
        field += c;
        i++;
      } else quoted = !quoted;
    } else if (!quoted && line.startsWith(delimiter, i)) {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}
