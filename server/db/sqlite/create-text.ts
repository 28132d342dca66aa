// SQLite keeps each table's CREATE text as written, and that text is its dump
// (sqlite_schema.sql). To leave a table exactly as the source wrote it, the schema diff adds
// columns with ALTER TABLE ADD COLUMN only when the text SQLite then stores is the
// source's own (checked here by doing what SQLite does to the text), else it rebuilds the
// table from the source's text.

interface Part {
  /** The part as written, without the whitespace around it. */
  text: string;
  /** Offset of the comma before it, or of the opening parenthesis for the first. */
  before: number;
}

const CONSTRAINT_WORDS = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

/** The top-level, comma-separated parts of a CREATE TABLE's parenthesised body, and the offset of its closing parenthesis. */
function bodyParts(sql: string): { parts: Part[]; close: number } | null {
  const parts: Part[] = [];
  let depth = 0;
  let before = -1;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      let j = sql.indexOf(close, i + 1);
      while (j >= 0 && close !== ']' && sql[j + 1] === close) j = sql.indexOf(close, j + 2);
      if (j < 0) return null;
      i = j;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === '(') {
      if (depth++ === 0) before = i;
    } else if (c === ')' && --depth === 0) {
      parts.push({ text: sql.slice(before + 1, i).trim(), before });
      return { parts, close: i };
    } else if (c === ',' && depth === 1) {
      parts.push({ text: sql.slice(before + 1, i).trim(), before });
      before = i;
    }
  }
  return null;
}

const isConstraint = (part: Part) => CONSTRAINT_WORDS.has(/^[A-Za-z]+/.exec(part.text)?.[0].toUpperCase() ?? '');

/** The column a definition names ("isbn TEXT", '"my col" TEXT'). */
function columnName(definition: string): string {
  const quoted = /^(["`])((?:[^"`]|""|``)*)\1|^\[([^\]]*)\]/.exec(definition);
  if (quoted) return quoted[3] ?? quoted[2]!.replaceAll(quoted[1]! + quoted[1]!, quoted[1]!);
  return /^[^\s(]+/.exec(definition)?.[0] ?? '';
}

/** The text ALTER TABLE ADD COLUMN leaves: the definition after the last column's, before the table constraints (sqlite3AlterFinishAddColumn). */
function withColumnAdded(sql: string, definition: string): string | null {
  const body = bodyParts(sql);
  if (!body) return null;
  const firstConstraint = body.parts.find(isConstraint);
  const at = firstConstraint ? firstConstraint.before : body.close;
  return `${sql.slice(0, at)}, ${definition}${sql.slice(at)}`;
}

/**
 * The column definitions, as the desired text writes them, that ADD COLUMN turns the current
 * text into the desired one with — or null when it cannot (then the table is rebuilt).
 */
export function addedColumnTexts(currentSql: string, desiredSql: string, added: string[]): string[] | null {
  const desired = bodyParts(desiredSql);
  if (!desired) return null;
  const columns = desired.parts.filter((p) => !isConstraint(p));
  const last = columns.slice(columns.length - added.length);
  if (last.length !== added.length || last.some((part, i) => columnName(part.text) !== added[i])) return null;
  let text: string | null = currentSql;
  for (const part of last) text = text === null ? null : withColumnAdded(text, part.text);
  return text === desiredSql ? last.map((p) => p.text) : null;
}
