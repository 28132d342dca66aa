// What a user types in a column's filter box, read as a filter:
//   text        contains text            = text     equals text
//   > 5, >= 5   from 5 (inclusive)       < 9, <= 9  up to 9 (inclusive)
//   5..9        from 5 to 9              null / !null  is (not) NULL
//   in a, b, c  one of the values (comma-separated)
// An empty box is no filter.
import type { Filter } from '../../server/protocol/index.ts';

export function parseFilter(column: string, text: string): Filter | null {
  const value = text.trim();
  if (!value) return null;
  const lower = value.toLowerCase();
  if (lower === 'null' || lower === 'is null') return { kind: 'null', column, isNull: true };
  if (lower === '!null' || lower === 'not null' || lower === 'is not null') return { kind: 'null', column, isNull: false };
  if (value.startsWith('=')) return { kind: 'equals', column, value: value.slice(1).trim() };
  const range = /^(>=?|<=?)\s*(.+)$/.exec(value);
  if (range) {
    const bound = range[2]!.trim();
    return range[1]!.startsWith('>') ? { kind: 'range', column, min: bound, max: null } : { kind: 'range', column, min: null, max: bound };
  }
  const between = /^(.+?)\.\.(.+)$/.exec(value);
  if (between) return { kind: 'range', column, min: between[1]!.trim(), max: between[2]!.trim() };
  const list = /^in\s+(.+)$/i.exec(value);
  if (list) {
    const values = list[1]!.split(',').map((v) => v.trim()).filter(Boolean);
    if (values.length) return { kind: 'in', column, values };
  }
  return { kind: 'contains', column, value };
}

/** The box text for a filter (a tab opened on a foreign key shows `= 42`). */
export function filterText(filter: Filter): string {
  switch (filter.kind) {
    case 'equals':
      return `= ${filter.value}`;
    case 'contains':
      return filter.value;
    case 'null':
      return filter.isNull ? 'null' : '!null';
    case 'in':
      return `in ${filter.values.join(', ')}`;
    case 'range':
      return filter.min !== null && filter.max !== null ? `${filter.min}..${filter.max}` : filter.min !== null ? `>= ${filter.min}` : `<= ${filter.max}`;
  }
}
