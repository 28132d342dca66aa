// A full verify's verdict: the restored copy's tables against the manifest's, table by table.
import type { TableCheck, TableStats, Verification } from '../protocol/index.ts';

export function compareTables(expected: TableStats[], actual: TableStats[], at: string): Verification {
  const byName = new Map(actual.map((t) => [`${t.schema}\u0000${t.name}`, t]));
  const tables: TableCheck[] = expected.map((want) => {
    const got = byName.get(`${want.schema}\u0000${want.name}`);
    const base = { schema: want.schema, name: want.name, expectedRows: want.rows, actualRows: got?.rows ?? null };
    if (!got) return { ...base, ok: false, problem: 'missing after restore' };
    if (got.rows !== want.rows) return { ...base, ok: false, problem: `${want.rows} rows expected, ${got.rows} restored` };
    if (got.checksum !== want.checksum) return { ...base, ok: false, problem: 'same row count, different data (checksum differs)' };
    return { ...base, ok: true };
  });
  const bad = tables.filter((t) => !t.ok);
  const summary = bad.length
    ? `${bad.length} of ${tables.length} tables differ: ${bad.slice(0, 3).map((t) => `${t.schema}.${t.name} (${t.problem})`).join(', ')}${bad.length > 3 ? '…' : ''}`
    : `Restored into a scratch copy: ${tables.length} tables, ${expected.reduce((n, t) => n + t.rows, 0)} rows identical`;
  return { level: 'full', ok: bad.length === 0, at, summary, tables };
}
