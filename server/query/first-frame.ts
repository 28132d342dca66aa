// A result's first rows go out in a small frame of their own: the page shows them as soon as
// that frame is decoded and the grid drawn, instead of after a whole batch (thousands of
// rows) has crossed the socket and been decoded. The database still reads full batches.
import type { QueryEvent } from '../db/driver.ts';
import { decodeRows } from '../protocol/index.ts';

type RowsEvent = Extract<QueryEvent, { kind: 'rows' }>;

/** Rows in the first frame: a screenful or two of the grid. */
export const FIRST_FRAME_ROWS = 200;
const ROW_SEPARATOR_BYTE = 0x1e;

/** The event as it is, or split into its first `first` rows and the rest (the same rows, in order). */
export function splitFirstRows(event: RowsEvent, first = FIRST_FRAME_ROWS): RowsEvent[] {
  const { packed } = event;
  if (!packed) {
    if (event.rows.length <= first) return [event];
    return [{ kind: 'rows', rows: event.rows.slice(0, first) }, { kind: 'rows', rows: event.rows.slice(first) }];
  }
  if (packed.count <= first) return [event];
  const { bytes } = packed;
  let end = -1;
  for (let r = 0; r < first; r++) end = bytes.indexOf(ROW_SEPARATOR_BYTE, end + 1);
  // The first part keeps the room in front; in front of the rest are the first part's rows.
  return [packedBytesPart(bytes.subarray(0, end), first, packed.room), packedBytesPart(bytes.subarray(end + 1), packed.count - first, 0)];
}

/** Decoded each time `rows` is read, not kept (see postgres/session.ts rowsEvent). */
function packedBytesPart(bytes: Buffer, count: number, room: number): RowsEvent {
  return {
    kind: 'rows',
    packed: { bytes, count, room },
    get rows() {
      return decodeRows(bytes.toString('utf8'), count);
    },
  };
}
