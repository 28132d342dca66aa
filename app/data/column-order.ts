// The order a data tab shows its columns in: the user's arrangement (drag a header, or the
// arrows in the Columns menu) over the table's own order. Columns the table no longer has
// drop out; new ones come last.

export function arrangedColumns(columns: readonly string[], arrangement: readonly string[] | null): string[] {
  if (!arrangement) return [...columns];
  const present = new Set(columns);
  const kept = arrangement.filter((name) => present.has(name));
  const placed = new Set(kept);
  return [...kept, ...columns.filter((name) => !placed.has(name))];
}

/** `order` with `name` moved to just before `before` (null: to the end). */
export function moveColumn(order: readonly string[], name: string, before: string | null): string[] {
  if (name === before) return [...order];
  const rest = order.filter((n) => n !== name);
  const at = before === null ? rest.length : rest.indexOf(before);
  return [...rest.slice(0, at < 0 ? rest.length : at), name, ...rest.slice(at < 0 ? rest.length : at)];
}

/** `order` with `name` moved one place left (-1) or right (+1). */
export function stepColumn(order: readonly string[], name: string, step: -1 | 1): string[] {
  const at = order.indexOf(name);
  const to = at + step;
  if (at < 0 || to < 0 || to >= order.length) return [...order];
  const next = [...order];
  [next[at], next[to]] = [next[to]!, next[at]!];
  return next;
}
