'use client';
// CodeMirror 6 with SQL for the connection's dialect and autocomplete of its tables and
// columns. One EditorState per tab, so undo history survives switching tabs.
// Mod-Enter runs the statement at the cursor (or the selection), Shift-Mod-Enter runs all.
import { autocompletion, closeBrackets, closeBracketsKeymap, closeCompletion, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { MariaSQL, MySQL, PostgreSQL, SQLite, sql, StandardSQL, type SQLDialect, type SQLNamespace } from '@codemirror/lang-sql';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, placeholder } from '@codemirror/view';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import type { CompletionSchema, Dialect, EditorLanguage } from '../../../server/protocol/index.ts';
import { errorMarker, setErrorMark } from './error-marker.ts';
import { editorTheme } from './theme.ts';

export type RunMode = 'current' | 'all';

const LANGUAGES: Record<EditorLanguage, SQLDialect> = { PostgreSQL, SQLite, MySQL, MariaSQL, StandardSQL };

export interface SqlEditorHandle {
  /** The document, the selection and the cursor, to decide what to run. */
  snapshot(): { doc: string; from: number; to: number; cursor: number };
  /** Marks an error at document offset `position` (null clears). */
  markError(position: number | null): void;
  insert(text: string): void;
  focus(): void;
}

interface Props {
  tabId: string;
  value: string;
  /** The connection's dialect; none yet: standard SQL. */
  dialect: Dialect | undefined;
  completion: CompletionSchema | null;
  onChange(value: string): void;
  onRun(mode: RunMode): void;
}

export const SqlEditor = forwardRef<SqlEditorHandle, Props>(function SqlEditor({ tabId, value, dialect, completion, onChange, onRun }, ref) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>(null);
  const states = useRef(new Map<string, EditorState>());
  const language = useRef(new Compartment());
  const callbacks = useRef({ onChange, onRun });
  callbacks.current = { onChange, onRun };
  const currentTab = useRef(tabId);

  const extensions = (): Extension[] => [
    lineNumbers(),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    autocompletion({ activateOnTyping: true }),
    highlightActiveLine(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    placeholder('Write SQL here. Ctrl+Enter runs the statement at the cursor, Ctrl+Shift+Enter runs everything.'),
    keymap.of([
      { key: 'Mod-Enter', run: (v) => (closeCompletion(v), callbacks.current.onRun('current'), true), preventDefault: true },
      { key: 'Shift-Mod-Enter', run: (v) => (closeCompletion(v), callbacks.current.onRun('all'), true), preventDefault: true },
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...historyKeymap,
      ...completionKeymap,
      indentWithTab,
    ]),
    language.current.of(languageFor(dialect, completion)),
    errorMarker,
    editorTheme,
    EditorView.contentAttributes.of({ 'aria-label': 'SQL editor' }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
    }),
  ];

  // Create the view once.
  useEffect(() => {
    const v = new EditorView({ parent: host.current!, state: EditorState.create({ doc: value, extensions: extensions() }) });
    view.current = v;
    return () => v.destroy();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Switching tabs: keep the old tab's state (undo history), restore or create the new one's.
  useEffect(() => {
    const v = view.current;
    if (!v || currentTab.current === tabId) return;
    states.current.set(currentTab.current, v.state);
    currentTab.current = tabId;
    v.setState(states.current.get(tabId) ?? EditorState.create({ doc: value, extensions: extensions() }));
    v.dispatch({ effects: language.current.reconfigure(languageFor(dialect, completion)) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tabId]);

  // Text replaced from outside (history, explorer): only when it differs from the editor's.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: language.current.reconfigure(languageFor(dialect, completion)) });
  }, [dialect, completion]);

  useImperativeHandle(ref, () => ({
    snapshot() {
      const state = view.current!.state;
      const { from, to, head } = state.selection.main;
      return { doc: state.doc.toString(), from, to, cursor: head };
    },
    markError(position) {
      const v = view.current!;
      setErrorMark(v, position);
    },
    insert(text) {
      const v = view.current!;
      const { from, to } = v.state.selection.main;
      v.dispatch({ changes: { from, to, insert: text }, selection: { anchor: from + text.length } });
      v.focus();
    },
    focus() {
      view.current?.focus();
    },
  }), []);

  return <div ref={host} className="sql-editor" data-testid="sql-editor" />;
});

function languageFor(dialect: Dialect | undefined, completion: CompletionSchema | null): Extension {
  const schema: SQLNamespace = {};
  for (const table of completion?.tables ?? []) {
    const inSchema = (schema as Record<string, Record<string, string[]>>)[table.schema] ??= {};
    inSchema[table.name] = table.columns;
  }
  return sql({
    dialect: LANGUAGES[dialect?.editorLanguage ?? 'StandardSQL'],
    schema,
    defaultSchema: completion?.defaultSchema,
    upperCaseKeywords: true,
  });
}
