// Result values and column types. A cell is the text the server sent, which is what the
// `mariadb -B` client prints — no parsing into numbers or dates (so no BIGINT rounding, no
// FLOAT re-formatting, no time-zone shift, zero dates kept) — except binary values
// (BINARY, VARBINARY, BLOB, BIT, GEOMETRY), which read as 0x… hex.
import type { FieldPacket, TypeCast } from 'mysql2';
import type { ResultColumn } from '../../protocol/index.ts';

/** Types whose default mysql2 reading is not the server's text (numbers, parsed JSON, geometry objects, bit buffers). */
const AS_TEXT = new Set(['TINY', 'SHORT', 'LONG', 'INT24', 'YEAR', 'LONGLONG', 'FLOAT', 'DOUBLE', 'DECIMAL', 'NEWDECIMAL', 'NULL', 'JSON']);
const AS_HEX = new Set(['BIT', 'GEOMETRY']);

const hex = (buffer: Buffer | null): string | null => (buffer === null ? null : `0x${buffer.toString('hex').toUpperCase()}`);

export const typeCast: TypeCast = (field, next) => {
  if (AS_TEXT.has(field.type) || field.extendedFormat === 'json') return field.string('utf8');
  if (AS_HEX.has(field.type)) return hex(field.buffer());
  // Strings come as text; the same types with the binary character set come as a Buffer.
  const value = next();
  return Buffer.isBuffer(value) ? hex(value) : value;
};

// mysql2's column type codes (constants/types), as SQL names.
const TYPE_NAMES: Record<number, string> = {
  0: 'decimal', 1: 'tinyint', 2: 'smallint', 3: 'int', 4: 'float', 5: 'double', 6: 'null', 7: 'timestamp', 8: 'bigint', 9: 'mediumint',
  10: 'date', 11: 'time', 12: 'datetime', 13: 'year', 14: 'date', 15: 'varchar', 16: 'bit', 17: 'timestamp', 18: 'datetime', 19: 'time',
  242: 'vector', 245: 'json', 246: 'decimal', 247: 'enum', 248: 'set', 249: 'tinyblob', 250: 'mediumblob', 251: 'longblob', 252: 'blob',
  253: 'varchar', 254: 'char', 255: 'geometry',
};
const NUMERIC = new Set([0, 1, 2, 3, 4, 5, 8, 9, 13, 246]);
const BINARY_CHARSET = 63;
const UNSIGNED_FLAG = 32;
const ENUM_FLAG = 256;
const SET_FLAG = 2048;

/** A result's columns: names as the server gave them, types as SQL names ("bigint unsigned", "varbinary", "text"). */
export function resultColumns(fields: FieldPacket[]): ResultColumn[] {
  return fields.map((field) => ({ name: field.name, type: typeName(field), numeric: NUMERIC.has(field.columnType ?? -1) }));
}

function typeName(field: FieldPacket): string {
  const code = field.columnType ?? 253;
  const flags = Number(field.flags ?? 0);
  if (field.extendedFormat === 'json') return 'json';
  if (field.extendedTypeName) return field.extendedTypeName;
  if (flags & ENUM_FLAG) return 'enum';
  if (flags & SET_FLAG) return 'set';
  let name = TYPE_NAMES[code] ?? `type ${code}`;
  const binary = field.characterSet === BINARY_CHARSET;
  if (code === 252 || code === 249 || code === 250 || code === 251) {
    // The server describes every TEXT and BLOB as a blob; the character set tells them apart.
    if (!binary) name = name.replace('blob', 'text');
  } else if (binary && (code === 253 || code === 254 || code === 15)) {
    name = code === 254 ? 'binary' : 'varbinary';
  }
  if (NUMERIC.has(code) && flags & UNSIGNED_FLAG) name += ' unsigned';
  return name;
}
