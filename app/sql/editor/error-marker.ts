// Underlines the token where the database reported an error and marks its line, until the
// text changes.
import { StateEffect, StateField, type Range } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';

const setError = StateEffect.define<number | null>();
const mark = Decoration.mark({ class: 'cm-sql-error' });
const line = Decoration.line({ class: 'cm-sql-error-line' });

export const errorMarker = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, tr) {
    if (tr.docChanged) decorations = Decoration.none;
    for (const effect of tr.effects) {
      if (!effect.is(setError)) continue;
      if (effect.value === null) return Decoration.none;
      const doc = tr.state.doc;
      const from = Math.min(effect.value, doc.length);
      const word = /^[^\s,;()]+/.exec(doc.sliceString(from, Math.min(doc.length, from + 200)));
      const to = Math.min(doc.length, from + Math.max(1, word?.[0].length ?? 1));
      const ranges: Range<Decoration>[] = [line.range(doc.lineAt(from).from)];
      if (to > from) ranges.push(mark.range(from, to));
      decorations = Decoration.set(ranges, true);
    }
    return decorations;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export function setErrorMark(view: EditorView, position: number | null): void {
  const effects = [setError.of(position)];
  if (position !== null) {
    const at = Math.min(position, view.state.doc.length);
    view.dispatch({ effects: [...effects, EditorView.scrollIntoView(at, { y: 'center' })], selection: { anchor: at } });
  } else {
    view.dispatch({ effects });
  }
}
