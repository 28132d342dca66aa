// The differences grouped per table for the side-by-side view: tables in name order, in
// each the table itself first, then its columns, keys, indexes, foreign keys and checks.
import type { DiffItem } from '../../server/protocol/index.ts';

export interface DiffGroup {
  table: string;
  items: DiffItem[];
  destructive: number;
}

const ORDER: DiffItem['kind'][] = ['table', 'view', 'enum', 'sequence', 'column', 'primary-key', 'unique', 'index', 'foreign-key', 'check'];

export function groupDifferences(items: readonly DiffItem[]): DiffGroup[] {
  const groups = new Map<string, DiffItem[]>();
  for (const item of items) {
    const list = groups.get(item.table);
    if (list) list.push(item);
    else groups.set(item.table, [item]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([table, list]) => ({
      table,
      items: [...list].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.name.localeCompare(b.name)),
      destructive: list.filter((i) => i.destructive).length,
    }));
}

/** "3 added, 1 removed, 2 changed". */
export function summarize(items: readonly DiffItem[]): string {
  const count = (change: DiffItem['change']) => items.filter((i) => i.change === change).length;
  const parts = [`${count('added')} only in source`, `${count('removed')} only in target`, `${count('changed')} changed`];
  return items.length === 0 ? 'No differences' : `${items.length} differences: ${parts.join(', ')}`;
}
