// The connection form's fields for a database in one file (SQLite).
import type { EngineFieldsProps } from './engine-fields.ts';

export interface FileSettings {
  file: string;
  readOnly: boolean;
}

export function FileFields({ settings, update }: EngineFieldsProps<FileSettings>) {
  return (
    <>
      <label>Database file (absolute path)<input type="text" value={settings.file} onChange={(e) => update({ file: e.target.value })} placeholder="/home/me/data.db" required /></label>
      <label className="check"><input type="checkbox" checked={settings.readOnly} onChange={(e) => update({ readOnly: e.target.checked })} /> Read-only</label>
    </>
  );
}
