// The keys of an ARIA tree (WAI-ARIA APG "tree view"), named once for the explorer.
export type TreeKey = 'up' | 'down' | 'left' | 'right' | 'home' | 'end' | 'enter' | 'menu' | 'char';

export function treeKey(e: { key: string; shiftKey: boolean; ctrlKey: boolean; altKey: boolean; metaKey: boolean }): TreeKey | null {
  if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) return 'menu';
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  const named: Record<string, TreeKey> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right', Home: 'home', End: 'end', Enter: 'enter' };
  if (named[e.key]) return named[e.key]!;
  return e.key.length === 1 && e.key !== ' ' ? 'char' : null;
}
