// The editor follows the app's CSS variables, so the light and dark themes (globals.css) come
// for free — syntax colours too (--syntax-*, each readable on its theme's background; the
// default highlight style's colours were made for a white page).
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

const syntaxColours = HighlightStyle.define([
  { tag: [t.keyword, t.operatorKeyword, t.modifier, t.controlKeyword], color: 'var(--syntax-keyword)' },
  { tag: [t.string, t.special(t.string), t.regexp], color: 'var(--syntax-string)' },
  { tag: [t.number, t.bool, t.null, t.atom], color: 'var(--syntax-number)' },
  { tag: [t.comment, t.lineComment, t.blockComment], color: 'var(--syntax-comment)', fontStyle: 'italic' },
  { tag: [t.typeName, t.standard(t.name), t.function(t.variableName)], color: 'var(--syntax-type)' },
  { tag: t.special(t.name), color: 'var(--syntax-type)' },
  { tag: t.invalid, color: 'var(--error)' },
]);

const chrome = EditorView.theme({
  '&': { height: '100%', fontSize: '13px', backgroundColor: 'var(--bg)', color: 'var(--text)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--bg-subtle)', color: 'var(--text-muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent) 6%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--bg-hover)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': { backgroundColor: 'color-mix(in srgb, var(--accent) 25%, transparent) !important' },
  '.cm-sql-error': { textDecoration: 'underline wavy var(--error)', textUnderlineOffset: '3px' },
  '.cm-sql-error-line': { backgroundColor: 'color-mix(in srgb, var(--error) 10%, transparent)' },
  '.cm-tooltip': { border: '1px solid var(--border)', backgroundColor: 'var(--bg)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--on-accent)' },
});

export const editorTheme = [chrome, syntaxHighlighting(syntaxColours)];
