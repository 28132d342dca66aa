// The palette's filter: every typed character in order (a subsequence), case-insensitive;
// matches at word starts and in a row score higher, so "nt" ranks "New tab" first.

export function fuzzyScore(text: string, query: string): number | null {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const t = text.toLowerCase();
  let score = 0;
  let at = -1;
  for (const ch of q) {
    if (ch === ' ') continue;
    const next = t.indexOf(ch, at + 1);
    if (next < 0) return null;
    const wordStart = next === 0 || /[\s.:_/-]/.test(t[next - 1]!);
    score += (wordStart ? 8 : 1) + (next === at + 1 ? 4 : 0) - Math.min(3, next - at - 1) * 0.1;
    at = next;
  }
  return score - t.length * 0.01;
}

/** Items whose label matches, best first (ties keep their order). */
export function fuzzyFilter<T>(items: T[], query: string, label: (item: T) => string): T[] {
  return items
    .map((item, index) => ({ item, index, score: fuzzyScore(label(item), query) }))
    .filter((x): x is { item: T; index: number; score: number } => x.score !== null)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((x) => x.item);
}
