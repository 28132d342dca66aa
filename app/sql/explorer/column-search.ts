// The explorer's search over columns: "gen" finds every column whose name holds "gen";
// "track.gen" only those of tables whose name holds "track". Read from the editor's
// completion schema (already loaded, bounded), so a search costs no round trip.
import type { CompletionSchema } from '../../../server/protocol/index.ts';

export interface ColumnHit {
  schema: string;
  table: string;
  column: string;
}

export function searchColumns(completion: CompletionSchema | null, query: string, limit = 200): ColumnHit[] {
  const text = query.trim().toLowerCase();
  if (!completion || !text) return [];
  const dot = text.lastIndexOf('.');
  const [tablePart, columnPart] = dot >= 0 ? [text.slice(0, dot), text.slice(dot + 1)] : [null, text];
  if (!columnPart && tablePart === null) return [];
  const hits: ColumnHit[] = [];
  for (const table of completion.tables) {
    if (tablePart !== null && !table.name.toLowerCase().includes(tablePart)) continue;
    for (const column of table.columns) {
      if (!column.toLowerCase().includes(columnPart)) continue;
      hits.push({ schema: table.schema, table: table.name, column });
      if (hits.length >= limit) return hits;
    }
  }
  return hits;
}
