// What each bench measured, for `npm run bench`'s summary (bench/run.ts): a bench calls
// record() with its figures; when the runner started it (BENCH_RESULTS_FILE set) they are
// appended to that file as JSON lines, otherwise nothing happens — a bench run by hand
// prints its own report as before.
import { appendFileSync } from 'node:fs';

export interface Figure {
  /** What was measured, e.g. "SQLite: server → websocket client". */
  what: string;
  value: number;
  /** How the value reads: "s", "ms", "MB", "fps", "%". */
  unit: string;
  /** The same work done by the reference (an engine's CLI, a bare server), in the same unit and run. */
  reference?: { what: string; value: number };
  /** The goal, on the ratio to the reference or on the value itself. */
  goal?: { on: 'ratio' | 'value'; max?: number; min?: number };
}

export interface RecordedFigure extends Figure {
  bench: string;
}

export const RESULTS_ENV = 'BENCH_RESULTS_FILE';

/** Records figures of the bench `bench` (its file name, e.g. "query-stream"). */
export function record(bench: string, figures: Figure[]): void {
  const file = process.env[RESULTS_ENV];
  if (!file) return;
  appendFileSync(file, figures.map((figure) => `${JSON.stringify({ bench, ...figure } satisfies RecordedFigure)}\n`).join(''));
}

/** The figure's ratio to its reference, if it has one. */
export function ratioOf(figure: Figure): number | null {
  return figure.reference && figure.reference.value > 0 ? figure.value / figure.reference.value : null;
}

/** Whether the figure meets its goal; null when it has none. */
export function goalMet(figure: Figure): boolean | null {
  const { goal } = figure;
  if (!goal) return null;
  const measured = goal.on === 'ratio' ? ratioOf(figure) : figure.value;
  if (measured === null) return false;
  return (goal.max === undefined || measured <= goal.max) && (goal.min === undefined || measured >= goal.min);
}

/** The goal as text: "≤ 1.5×", "≥ 55 fps". */
export function goalText(figure: Figure): string {
  const { goal } = figure;
  if (!goal) return '';
  const unit = goal.on === 'ratio' ? '×' : ` ${figure.unit}`;
  return [goal.min === undefined ? '' : `≥ ${goal.min}${unit}`, goal.max === undefined ? '' : `≤ ${goal.max}${unit}`].filter(Boolean).join(', ');
}
