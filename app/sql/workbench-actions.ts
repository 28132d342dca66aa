'use client';
// The SQL workbench's actions in the command palette's registry: their names, keys and
// handlers in one place (the shortcut list and the key listener read them from there).
// Browsers keep Ctrl+T / Ctrl+W / Ctrl+N for themselves, hence Alt+T and Ctrl+Alt+N.
import { useRegisterActions, type Action } from '../components/command-palette/actions.ts';
import type { RunMode } from './editor/sql-editor.tsx';

export interface WorkbenchCommands {
  newTab(): void;
  closeTab(): void;
  stepTab(step: number): void;
  run(mode: RunMode): void;
  stop(): void;
  format(): void;
  toggleExplorer(): void;
  canRun: boolean;
  running: boolean;
  connections: { id: string; name: string }[];
  useConnection(id: string): void;
  tables: { schema: string; name: string }[];
  openTable(schema: string, name: string): void;
}

/** How many tables the palette offers by name (the completion schema holds up to 2,000). */
const TABLES = 2000;

export function useWorkbenchActions(c: WorkbenchCommands): void {
  const build = (): Action[] => [
    { id: 'sql.run', title: 'Run statement at cursor (or selection)', group: 'Editor', keys: ['Mod+Enter'], run: () => c.run('current'), disabled: !c.canRun },
    { id: 'sql.run-all', title: 'Run all statements', group: 'Editor', keys: ['Shift+Mod+Enter'], run: () => c.run('all'), disabled: !c.canRun },
    { id: 'sql.stop', title: 'Stop the running query', group: 'Editor', run: c.stop, disabled: !c.running },
    { id: 'sql.format', title: 'Format SQL', group: 'Editor', keys: ['Shift+Alt+F'], run: c.format },
    { id: 'sql.new-tab', title: 'New tab', group: 'Tabs', keys: ['Alt+T', 'Ctrl+Alt+N'], run: c.newTab },
    { id: 'sql.close-tab', title: 'Close tab', group: 'Tabs', keys: ['Alt+W', 'Ctrl+Alt+W'], run: c.closeTab },
    { id: 'sql.next-tab', title: 'Next tab', group: 'Tabs', keys: ['Ctrl+PageDown'], run: () => c.stepTab(1) },
    { id: 'sql.previous-tab', title: 'Previous tab', group: 'Tabs', keys: ['Ctrl+PageUp'], run: () => c.stepTab(-1) },
    { id: 'sql.toggle-explorer', title: 'Show or hide the explorer', group: 'View', keys: ['Alt+B'], run: c.toggleExplorer },
    ...c.connections.map((conn) => ({ id: `sql.connection.${conn.id}`, title: `Use connection ${conn.name} in this tab`, group: 'Connect', run: () => c.useConnection(conn.id), paletteOnly: true })),
    ...c.tables.slice(0, TABLES).map((t) => ({ id: `sql.table.${t.schema}.${t.name}`, title: `Open table ${t.schema ? `${t.schema}.` : ''}${t.name}`, group: 'Table', run: () => c.openTable(t.schema, t.name), paletteOnly: true })),
  ];
  const version = [c.canRun, c.running, c.connections.map((x) => x.id + x.name).join(), c.tables.length, c.tables[0]?.name].join('|');
  useRegisterActions(build, version);
}
