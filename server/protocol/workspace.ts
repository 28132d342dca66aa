// The SQL editor's state, kept on the server (the desktop app's origin changes between
// launches, so the browser's storage would forget it): tabs with their text, and the
// per-connection query history.
import * as z from 'zod';

export const TabId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only');

export const EditorTab = z.object({
  id: TabId,
  title: z.string().max(200),
  connectionId: z.string().max(64).nullable(),
  sql: z.string().max(5 * 1024 * 1024, 'A tab holds at most 5 MB of SQL'),
  updatedAt: z.string().optional(),
});
export type EditorTab = z.infer<typeof EditorTab>;

export const Workspace = z.object({
  tabs: z.array(EditorTab),
  /** Tab ids in display order (tabs missing here are appended). */
  activeTabId: z.string().nullable(),
});
export type Workspace = z.infer<typeof Workspace>;

/** PUT /api/workspace/tabs/:id body. */
export const TabInput = EditorTab.omit({ id: true, updatedAt: true });
export type TabInput = z.infer<typeof TabInput>;

/** PUT /api/workspace/layout body: order of tabs and the active one. */
export const WorkspaceLayout = z.object({ order: z.array(TabId).max(200), activeTabId: TabId.nullable() });
export type WorkspaceLayout = z.infer<typeof WorkspaceLayout>;

export const HistoryEntry = z.object({
  at: z.string(),
  sql: z.string(),
  elapsedMs: z.number(),
  rowCount: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;
