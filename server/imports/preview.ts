// What a file holds, before anything is imported: its settings (detected, with the user's
// overrides), its columns with names and inferred types, and its first rows — or the first
// problem met reading them, with its line.
import type { ImportPreview, ParseSettings, SourceColumn } from '../protocol/index.ts';
import { detectSettings } from './detect.ts';
import { ImportError } from './errors.ts';
import { inferTypes, sanitizeNames } from './infer.ts';
import { openRecords } from './records.ts';
import type { StoredUpload, UploadStore } from './uploads.ts';

const PREVIEW_ROWS = 100;
const SAMPLE_ROWS = 1000;

export interface Sample {
  settings: ParseSettings;
  detected: ParseSettings;
  columns: SourceColumn[];
  rows: (string | null)[][];
  problem: ImportError | null;
}

export async function readSample(store: UploadStore, upload: StoredUpload, overrides: Partial<ParseSettings> = {}, maxRecordChars?: number): Promise<Sample> {
  const detected = detectSettings(store.head(upload));
  const settings = { ...detected, ...overrides };
  const names = { names: [] as string[] };
  const reader = openRecords(upload.file, settings, names, { maxRecordChars });
  const rows: (string | null)[][] = [];
  let problem: ImportError | null = null;
  try {
    for await (const record of reader.records) {
      rows.push(record.values);
      if (rows.length >= SAMPLE_ROWS) break;
    }
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    problem = error;
  } finally {
    reader.close();
  }
  // CSV: as many columns as the header (else the first row) has; a row with more or fewer is rejected.
  // JSON: every key seen in the sample.
  const count = settings.format === 'csv' ? (settings.header ? names.names.length : (rows[0]?.length ?? 0)) : names.names.length;
  const sourceNames = Array.from({ length: count }, (_, i) => names.names[i]?.trim() || `column_${i + 1}`);
  const types = inferTypes(rows, count);
  const sanitized = sanitizeNames(sourceNames);
  return {
    settings,
    detected,
    columns: sourceNames.map((name, i) => ({ name, sanitized: sanitized[i]!, type: types[i]! })),
    rows,
    problem,
  };
}

export function toPreview(upload: StoredUpload, sample: Sample): ImportPreview {
  return {
    upload: { uploadId: upload.uploadId, name: upload.name, size: upload.size },
    detected: sample.detected,
    settings: sample.settings,
    columns: sample.columns,
    rows: sample.rows.slice(0, PREVIEW_ROWS),
    problem: sample.problem ? { line: sample.problem.line, message: sample.problem.message } : null,
  };
}
