// The grid's selection as plain data: an anchor cell (where a range started) and a focus
// cell (where the keyboard is), both in view coordinates — the row as shown (after
// sorting) and the column as shown (after reordering). The grid maps them back to data.

export interface CellPos {
  row: number;
  col: number;
}

export interface Selection {
  anchor: CellPos;
  focus: CellPos;
}

/** The selected rectangle, inclusive. */
export interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface GridBounds {
  rows: number;
  cols: number;
  /** Rows in one screen, for PageUp / PageDown. */
  pageRows: number;
}

export interface Keys {
  key: string;
  shift: boolean;
  /** Ctrl, or Cmd on macOS. */
  mod: boolean;
}

export function single(pos: CellPos): Selection {
  return { anchor: pos, focus: pos };
}

export function rangeOf(selection: Selection): Range {
  const { anchor: a, focus: f } = selection;
  return { top: Math.min(a.row, f.row), bottom: Math.max(a.row, f.row), left: Math.min(a.col, f.col), right: Math.max(a.col, f.col) };
}

export function contains(range: Range, row: number, col: number): boolean {
  return row >= range.top && row <= range.bottom && col >= range.left && col <= range.right;
}

export function rangeSize(range: Range): { rows: number; cols: number } {
  return { rows: range.bottom - range.top + 1, cols: range.right - range.left + 1 };
}

/** Everything (Ctrl+A). */
export function selectAll(bounds: GridBounds): Selection | null {
  if (bounds.rows === 0 || bounds.cols === 0) return null;
  return { anchor: { row: 0, col: 0 }, focus: { row: bounds.rows - 1, col: bounds.cols - 1 } };
}

/** Shift-click: extend from the anchor to `pos`. */
export function extendTo(selection: Selection | null, pos: CellPos): Selection {
  return selection ? { anchor: selection.anchor, focus: pos } : single(pos);
}

/**
 * The selection after a navigation key, or null when the key does not move the selection
 * (the grid then lets the browser handle it). Arrows move one cell, Ctrl+arrows to the edge,
 * Home/End to the row's first/last cell, Ctrl+Home/End to the first/last cell of the
 * result, PageUp/Down by a screen; with Shift the anchor stays and the range grows.
 */
export function moveSelection(selection: Selection | null, keys: Keys, bounds: GridBounds): Selection | null {
  if (bounds.rows === 0 || bounds.cols === 0) return null;
  const from = selection?.focus ?? { row: 0, col: 0 };
  const lastRow = bounds.rows - 1;
  const lastCol = bounds.cols - 1;
  const page = Math.max(1, bounds.pageRows);
  let to: CellPos;
  switch (keys.key) {
    case 'ArrowUp':
      to = { row: keys.mod ? 0 : from.row - 1, col: from.col };
      break;
    case 'ArrowDown':
      to = { row: keys.mod ? lastRow : from.row + 1, col: from.col };
      break;
    case 'ArrowLeft':
      to = { row: from.row, col: keys.mod ? 0 : from.col - 1 };
      break;
    case 'ArrowRight':
      to = { row: from.row, col: keys.mod ? lastCol : from.col + 1 };
      break;
    case 'Home':
      to = keys.mod ? { row: 0, col: 0 } : { row: from.row, col: 0 };
      break;
    case 'End':
      to = keys.mod ? { row: lastRow, col: lastCol } : { row: from.row, col: lastCol };
      break;
    case 'PageUp':
      to = { row: from.row - page, col: from.col };
      break;
    case 'PageDown':
      to = { row: from.row + page, col: from.col };
      break;
    default:
      return null;
  }
  const focus = { row: clamp(to.row, 0, lastRow), col: clamp(to.col, 0, lastCol) };
  if (!selection) return single(focus);
  return keys.shift ? { anchor: selection.anchor, focus } : single(focus);
}

/** Keeps a selection inside a result that shrank or changed shape (or drops it). */
export function clampSelection(selection: Selection | null, bounds: GridBounds): Selection | null {
  if (!selection || bounds.rows === 0 || bounds.cols === 0) return null;
  const fit = (p: CellPos) => ({ row: clamp(p.row, 0, bounds.rows - 1), col: clamp(p.col, 0, bounds.cols - 1) });
  return { anchor: fit(selection.anchor), focus: fit(selection.focus) };
}

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));
