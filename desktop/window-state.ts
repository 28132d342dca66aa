// The main window reopens where the user left it — unless that place is no longer on any
// screen (a monitor was unplugged), in which case it opens centred at its saved size.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent: let the OS centre the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };
export const MIN_SIZE = { width: 720, height: 480 };
/** How much of the window's top edge must be on a screen for the user to grab it. */
const GRAB_WIDTH = 120;
const GRAB_HEIGHT = 40;

/** The state to open with, from whatever was saved and the screens' work areas now. */
export function restoreWindowState(saved: unknown, workAreas: Rect[]): WindowState {
  const s = saved as Partial<Record<keyof WindowState, unknown>> | null | undefined;
  if (typeof s !== 'object' || s === null) return { ...DEFAULT_WINDOW_STATE };
  const largest = workAreas.reduce<Rect | undefined>((a, b) => (!a || b.width * b.height > a.width * a.height ? b : a), undefined) ?? { x: 0, y: 0, width: Infinity, height: Infinity };
  const width = clamp(finite(s.width) ?? DEFAULT_WINDOW_STATE.width, MIN_SIZE.width, largest.width);
  const height = clamp(finite(s.height) ?? DEFAULT_WINDOW_STATE.height, MIN_SIZE.height, largest.height);
  const state: WindowState = { width, height, maximized: s.maximized === true };
  const x = finite(s.x);
  const y = finite(s.y);
  if (x !== undefined && y !== undefined && workAreas.some((area) => grabbable({ x, y, width, height }, area))) {
    state.x = x;
    state.y = y;
  }
  return state;
}

function grabbable(window: Rect, area: Rect): boolean {
  const overlapX = Math.min(window.x + window.width, area.x + area.width) - Math.max(window.x, area.x);
  const topInside = window.y >= area.y && window.y + GRAB_HEIGHT <= area.y + area.height;
  return overlapX >= GRAB_WIDTH && topInside;
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : undefined;
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, Math.max(min, max)));
}
