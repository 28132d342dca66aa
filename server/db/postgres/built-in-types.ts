// The built-in types' names by OID, as the pg_type lookup in types.ts reads them. Built-in
// OIDs are fixed in PostgreSQL's catalog (pg_type.dat) and the same in every version, so a
// result of these types shows its columns without a round trip to the server first: that
// lookup held the first rows for 130–270 ms (bench/browser-grid.ts). types.test.ts checks
// every entry against a real server's pg_type.

/** typname by OID; an array type's name is its element's followed by "[]". */
export const BUILT_IN_TYPES: ReadonlyMap<number, string> = new Map([
  [16, 'bool'], [17, 'bytea'], [18, 'char'], [19, 'name'], [20, 'int8'], [21, 'int2'], [23, 'int4'],
  [24, 'regproc'], [25, 'text'], [26, 'oid'], [27, 'tid'], [28, 'xid'], [29, 'cid'], [114, 'json'], [142, 'xml'],
  [600, 'point'], [601, 'lseg'], [602, 'path'], [603, 'box'], [604, 'polygon'], [628, 'line'], [718, 'circle'],
  [650, 'cidr'], [700, 'float4'], [701, 'float8'], [705, 'unknown'], [774, 'macaddr8'], [790, 'money'], [829, 'macaddr'],
  [869, 'inet'], [1033, 'aclitem'], [1042, 'bpchar'], [1043, 'varchar'], [1082, 'date'], [1083, 'time'], [1114, 'timestamp'],
  [1184, 'timestamptz'], [1186, 'interval'], [1266, 'timetz'], [1560, 'bit'], [1562, 'varbit'], [1700, 'numeric'],
  [1790, 'refcursor'], [2205, 'regclass'], [2206, 'regtype'], [2249, 'record'], [2278, 'void'], [2950, 'uuid'],
  [3220, 'pg_lsn'], [3614, 'tsvector'], [3615, 'tsquery'], [3802, 'jsonb'], [4072, 'jsonpath'],
  [3904, 'int4range'], [3906, 'numrange'], [3908, 'tsrange'], [3910, 'tstzrange'], [3912, 'daterange'], [3926, 'int8range'],
  [1000, 'bool[]'], [1001, 'bytea[]'], [1002, 'char[]'], [1003, 'name[]'], [1005, 'int2[]'], [1007, 'int4[]'], [1009, 'text[]'],
  [1014, 'bpchar[]'], [1015, 'varchar[]'], [1016, 'int8[]'], [1021, 'float4[]'], [1022, 'float8[]'], [1028, 'oid[]'],
  [1115, 'timestamp[]'], [1182, 'date[]'], [1183, 'time[]'], [1185, 'timestamptz[]'], [1187, 'interval[]'], [1231, 'numeric[]'],
  [1041, 'inet[]'], [143, 'xml[]'], [199, 'json[]'], [2951, 'uuid[]'], [3807, 'jsonb[]'], [1034, 'aclitem[]'],
]);
