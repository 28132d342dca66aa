'use client';
// CodeMirror 6 with SQL for the connection's dialect and autocomplete of its tables and
// columns (also the bare columns of the tables the statement reads: columns-in-scope.ts).
// One EditorState per tab, so undo history survives switching tabs. The workbench's keys
// (run, format, tabs) are actions of the command palette's registry, not of this keymap.
import { autocompletion, closeBrackets, closeBracketsKeymap, closeCompletion, completionKeymap, type CompletionSource } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { MariaSQL, MySQL, PostgreSQL, SQLite, sql, StandardSQL, type SQLDialect, type SQLNamespace } from '@codemirror/lang-sql';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, placeholder } from '@codemirror/view';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { statementAt, type CompletionSchema, type Dialect, type EditorLanguage } from '../../../server/protocol/index.ts';
import { columnsInScope } from './columns-in-scope.ts';
import { errorMarker, setErrorMark } from './error-marker.ts';
import { editorTheme } from './theme.ts';

export type RunMode = 'current' | 'all';

/** How much text around the cursor the column completion reads (a tab may hold 5 M characters). */
const SCOPE_WINDOW = 20_000;

const LANGUAGES: Record<EditorLanguage, SQLDialect> = { PostgreSQL, SQLite, MySQL, MariaSQL, StandardSQL };

export interface SqlEditorHandle {
  /** The document, the selection and the cursor, to decide what to run. */
  snapshot(): { doc: string; from: number; to: number; cursor: number };
  /** Closes the completion list, if open: a run moves the user's eyes to the results. */
  closeCompletion(): void;
  /** Marks an error at document offset `position` (null clears). */
  markError(position: number | null): void;
  insert(text: string): void;
  /** Replaces document offsets from…to with `text` (one undo step), selecting it. */
  replace(from: number, to: number, text: string): void;
  focus(): void;
}

interface Props {
  tabId: string;
  value: string;
  /** The connection's dialect; none yet: standard SQL. */
  dialect: Dialect | undefined;
  completion: CompletionSchema | null;
  onChange(value: string): void;
}

export const SqlEditor = forwardRef<SqlEditorHandle, Props>(function SqlEditor({ tabId, value, dialect, completion, onChange }, ref) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>(null);
  const states = useRef(new Map<string, EditorState>());
  const language = useRef(new Compartment());
  const callbacks = useRef({ onChange });
  callbacks.current = { onChange };
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
    closeCompletion() {
      if (view.current) closeCompletion(view.current);
    },
    markError(position) {
      const v = view.current!;
      setErrorMark(v, position);
    },
    replace(from, to, text) {
      const v = view.current!;
      closeCompletion(v);
      v.dispatch({ changes: { from, to, insert: text }, selection: { anchor: from, head: from + text.length }, scrollIntoView: true });
      v.focus();
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
  const language = LANGUAGES[dialect?.editorLanguage ?? 'StandardSQL'];
  return [
    sql({ dialect: language, schema, defaultSchema: completion?.defaultSchema, upperCaseKeywords: true }),
    language.language.data.of({ autocomplete: scopeColumns(dialect, completion) }),
  ];
}

/** Bare column names of the tables the statement at the cursor reads (`where gen` → `genre_id`). */
function scopeColumns(dialect: Dialect | undefined, completion: CompletionSchema | null): CompletionSource {
  return (context) => {
    if (!dialect || !completion) return null;
    const word = context.matchBefore(/[\p{L}_][\p{L}\p{N}_$]*/u);
    const from = word?.from ?? context.pos;
    if ((!word && !context.explicit) || context.state.sliceDoc(from - 1, from) === '.') return null;
    const start = Math.max(0, context.pos - SCOPE_WINDOW);
    const text = context.state.sliceDoc(start, context.pos + SCOPE_WINDOW);
    const statement = statementAt(dialect, text, context.pos - start);
    if (!statement) return null;
    const seen = new Set<string>();
    const options = columnsInScope(statement.text, completion)
      .filter(({ column }) => !seen.has(column) && seen.add(column))
      .map(({ column, table }) => ({ label: column, type: 'property', detail: table, boost: 5 }));
    return options.length ? { from, options, validFor: /^[\p{L}\p{N}_$]*$/u } : null;
  };
}
