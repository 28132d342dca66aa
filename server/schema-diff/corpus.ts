// The round-trip corpus's shape: a standard schema per engine and a list of edits, each
// tested both ways — the source has the edit (an add, a change) and the target has it (a
// drop, the change undone) — so every kind of change is diffed in both directions.
import type { DiffCase } from '../testing/schema-roundtrip.ts';

export interface Edit {
  name: string;
  /** Text replacements on the standard DDL, in order. */
  replace?: [string, string][];
  /** Statements added after it. */
  add?: string[];
  /** Rows for the target (else the standard rows): a rename's column or table loses its rows by design. */
  data?: string[];
}

export function applyEdit(ddl: string[], edit: Edit): string[] {
  const out = ddl.map((statement) => (edit.replace ?? []).reduce((text, [from, to]) => {
    if (!text.includes(from)) return text;
    return text.replace(from, to);
  }, statement));
  for (const [from] of edit.replace ?? []) if (!ddl.some((s) => s.includes(from))) throw new Error(`${edit.name}: "${from}" is not in the standard DDL`);
  return [...out, ...(edit.add ?? [])];
}

/** Two cases per edit: the source has it, and the target has it. */
export function casesOf(standard: string[], data: string[], edits: Edit[]): DiffCase[] {
  return edits.flatMap((edit) => [
    { name: edit.name, base: [], source: applyEdit(standard, edit), target: standard, data: edit.data ?? data },
    { name: `${edit.name} (reverse)`, base: [], source: standard, target: applyEdit(standard, edit), data: edit.data ?? data },
  ]);
}
