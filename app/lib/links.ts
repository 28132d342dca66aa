// Links between pages, built in one place so every page that sends the user somewhere
// (explorer, ER diagram, analytics, migrations, data tabs) agrees with the page that reads them.

/** The SQL page, with a new editor tab on `connectionId` holding `sql` (e.g. "open in editor"). */
export function editorHref(connectionId: string, sql: string): string {
  return `/sql?${new URLSearchParams({ connection: connectionId, sql })}`;
}

/** The data page, with a tab on one table or view (`schema` is the dialect's default schema where it has none). */
export function dataHref(connectionId: string, schema: string, table: string): string {
  return `/data?${new URLSearchParams({ connection: connectionId, schema, table })}`;
}

/** The import page, into `table` of `schema` when given, else into a new table. */
export function importHref(connectionId: string, schema?: string, table?: string): string {
  const params = new URLSearchParams({ connection: connectionId });
  if (schema) params.set('schema', schema);
  if (table) params.set('table', table);
  return `/import?${params}`;
}
