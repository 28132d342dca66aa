// The statements of the data explorer, written from the engine's facts: a view's page
// (keyset paging on the sort plus the row key, never OFFSET on a keyed table), its count,
// and each staged change. Identifiers are checked against the table's columns and quoted
// through the dialect; every value is a bound parameter.
import { BadRequestError } from '../errors.ts';
import type { Change, DataView, Dialect, Engine, Filter, TableInfo } from '../protocol/index.ts';
import type { Param, TableDataEngine } from './engine.ts';

export interface Bound {
  sql: string;
  params: Param[];
}

export type PageFrom = { at: 'first' } | { at: 'last' } | { at: 'after'; row: (string | null)[] } | { at: 'before'; row: (string | null)[] } | { at: 'offset'; offset: number };

export interface PagePlan extends Bound {
  /** Rows come back in reverse and must be flipped (last page, previous page). */
  reversed: boolean;
  order: string[];
}

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

export class QueryBuilder {
  readonly #engine: TableDataEngine<Engine>;
  readonly #dialect: Dialect;
  readonly #info: TableInfo;
  readonly #columns: Map<string, TableInfo['columns'][number]>;

  constructor(engine: TableDataEngine<Engine>, dialect: Dialect, info: TableInfo) {
    this.#engine = engine;
    this.#dialect = dialect;
    this.#info = info;
    this.#columns = new Map(info.columns.map((column) => [column.name, column]));
  }

  quote(name: string): string {
    const { open, close } = this.#dialect.identifierQuote;
    return `${open}${name.split(close).join(close + close)}${close}`;
  }

  /** A column in a WHERE or ORDER BY, qualified by its table: the select list's aliases (the same names) must not be what is compared or sorted. */
  column(name: string): string {
    return `${this.quote(this.#info.table)}.${this.quote(name)}`;
  }

  get table(): string {
    return this.#info.schema ? `${this.quote(this.#info.schema)}.${this.quote(this.#info.table)}` : this.quote(this.#info.table);
  }

  /** The columns a cursor is made of: the sort, then the key (the tie-breaker that makes the order total). */
  orderColumns(view: DataView): { column: string; descending: boolean }[] {
    const terms = view.sort.map((term) => ({ column: this.#column(term.column).name, descending: term.descending }));
    for (const key of this.#info.key ?? []) if (!terms.some((term) => term.column === key)) terms.push({ column: key, descending: false });
    return terms;
  }

  page(view: DataView, from: PageFrom, limit: number): PagePlan {
    const params = new Params(this.#engine);
    const conditions = this.#filters(view, params);
    const terms = this.orderColumns(view);
    const reversed = from.at === 'last' || from.at === 'before';
    const order = terms.map((term) => ({ ...term, descending: term.descending !== reversed }));
    if (from.at === 'after' || from.at === 'before') {
      if (!this.#info.key) throw new BadRequestError('This table has no key to page by; page by offset.');
      if (from.row.length !== terms.length) throw new BadRequestError(`The cursor must give ${terms.length} values (${terms.map((t) => t.column).join(', ')}).`);
      conditions.push(this.#after(order, from.row, params));
    }
    const offset = from.at === 'offset' ? ` OFFSET ${Math.max(0, Math.floor(from.offset))}` : '';
    const orderBy = order.length ? `\nORDER BY ${order.map((term) => `${this.column(term.column)}${term.descending ? ' DESC' : ''}`).join(', ')}` : '';
    const sql = `SELECT ${this.#selectList()}\nFROM ${this.table}${where(conditions)}${orderBy}\nLIMIT ${limit + 1}${offset}`;
    return { sql, params: params.list, reversed, order: terms.map((term) => term.column) };
  }

  count(view: DataView): Bound {
    const params = new Params(this.#engine);
    const conditions = this.#filters(view, params);
    return { sql: `SELECT COUNT(*) FROM ${this.table}${where(conditions)}`, params: params.list };
  }

  /** One change's statement; for an insert, the statement reading the new row back follows (see service.ts). */
  change(change: Change): Bound {
    const params = new Params(this.#engine);
    if (change.kind === 'insert') {
      const names = Object.keys(change.values).map((name) => this.#column(name).name);
      const returning = this.#dialect.capabilities.generatedKeys === 'returning' ? `\nRETURNING ${this.#selectList()}` : '';
      if (!names.length) return { sql: `INSERT INTO ${this.table} ${this.#engine.insertDefaults}${returning}`, params: [] };
      const values = names.map((name) => params.add(this.#value(name, change.values[name]!)));
      return { sql: `INSERT INTO ${this.table} (${names.map((n) => this.quote(n)).join(', ')})\nVALUES (${values.join(', ')})${returning}`, params: params.list };
    }
    if (change.kind === 'delete') return { sql: `DELETE FROM ${this.table}\nWHERE ${this.#keyConditions(change.key, params).join(' AND ')}`, params: params.list };
    const names = Object.keys(change.values).map((name) => this.#column(name).name);
    if (!names.length) throw new BadRequestError('An update must change at least one column.');
    // Parameters are added in text order (SET, key, guards): `?` placeholders are positional.
    const sets = names.map((name) => `${this.quote(name)} = ${params.add(this.#value(name, change.values[name]!))}`);
    const key = this.#keyConditions(change.key, params);
    // The row must still hold what was read in the edited columns, else it changed meanwhile (stale).
    const guards = names.map((name) => {
      if (!(name in change.original)) throw new BadRequestError(`The update of "${name}" must give the value it had when read.`);
      const column = this.#column(name);
      const original = change.original[name]!;
      return this.#engine.nullSafeEquals(this.#engine.readExpression(this.column(name), column.binary), params.add(original === null ? null : column.binary ? original.toUpperCase() : original));
    });
    return { sql: `UPDATE ${this.table}\nSET ${sets.join(', ')}\nWHERE ${[...key, ...guards].join(' AND ')}`, params: params.list };
  }

  /** Reads one row by its key (whether an update that matched nothing found its row at all). */
  rowByKey(key: Record<string, string | null>, select = this.#selectList()): Bound {
    const params = new Params(this.#engine);
    const conditions = this.#keyConditions(key, params);
    return { sql: `SELECT ${select} FROM ${this.table} WHERE ${conditions.join(' AND ')}`, params: params.list };
  }

  /** Reads the row an insert made, by the generated id or, failing that, by the key values it was given. */
  insertedRow(values: Record<string, string | null>, insertId: string | null): Bound {
    const generated = this.#info.columns.find((column) => column.autoIncrement && column.key && !(column.name in values));
    const key: Record<string, string | null> = {};
    for (const name of this.#info.key ?? []) key[name] = generated?.name === name ? insertId : (values[name] ?? null);
    return this.rowByKey(key);
  }

  /** A statement with its parameters written in as literals, for reading and for the editor. */
  inline(bound: Bound): string {
    let index = 0;
    const positional = this.#engine.placeholder(1) === this.#engine.placeholder(2);
    // Quoted text (a literal or a name, also in the WHERE box) is kept as it is: a `?` or `$1` there is no placeholder.
    return bound.sql.replace(/'(?:[^'\\]|\\.|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\?|\$(\d+)/g, (token, n: string | undefined) => {
      if (positional && token === '?') return index < bound.params.length ? this.#engine.literal(bound.params[index++]!) : token;
      if (!positional && n !== undefined && Number(n) <= bound.params.length) return this.#engine.literal(bound.params[Number(n) - 1]!);
      return token;
    });
  }

  #selectList(): string {
    return this.#info.columns.map((column) => `${this.#engine.readExpression(this.quote(column.name), column.binary)} AS ${this.quote(column.name)}`).join(', ');
  }

  #column(name: string): TableInfo['columns'][number] {
    const column = this.#columns.get(name);
    if (!column) throw new BadRequestError(`"${name}" is not a column of ${this.#info.table}.`);
    return column;
  }

  #value(name: string, value: string | null): Param {
    if (value === null || !this.#column(name).binary) return value;
    const hex = value.replace(/^(0x|\\x)/i, '');
    if (!HEX.test(hex)) throw new BadRequestError(`"${name}" holds bytes: give them as hex digits (an even number of 0-9, a-f).`);
    return Buffer.from(hex, 'hex');
  }

  #keyConditions(key: Record<string, string | null>, params: Params): string[] {
    if (!this.#info.key) throw new BadRequestError(this.#info.readOnlyReason ?? 'This table is read-only.');
    return this.#info.key.map((name) => {
      const value = key[name];
      if (value === undefined || value === null) throw new BadRequestError(`The row's key must give "${name}".`);
      return `${this.column(name)} = ${params.add(this.#value(name, value))}`;
    });
  }

  #filters(view: DataView, params: Params): string[] {
    const conditions = view.filters.map((filter) => this.#filter(filter, params));
    // On lines of its own, so a trailing `--` comment cannot swallow the rest of the statement.
    if (view.where.trim()) conditions.push(`(\n${view.where}\n)`);
    return conditions;
  }

  #filter(filter: Filter, params: Params): string {
    const column = this.#column(filter.column);
    const name = this.column(column.name);
    switch (filter.kind) {
      case 'equals':
        return `${name} = ${params.add(this.#value(column.name, filter.value))}`;
      case 'contains': {
        const pattern = `%${filter.value.replace(/[!%_]/g, (c) => `!${c}`)}%`;
        return `${this.#engine.readExpression(name, column.binary)} ${this.#engine.like} ${params.add(column.binary ? pattern.toUpperCase() : pattern)} ESCAPE '!'`;
      }
      case 'range': {
        const parts: string[] = [];
        if (filter.min !== null) parts.push(`${name} >= ${params.add(this.#value(column.name, filter.min))}`);
        if (filter.max !== null) parts.push(`${name} <= ${params.add(this.#value(column.name, filter.max))}`);
        if (!parts.length) throw new BadRequestError(`The range filter on "${column.name}" needs a lower or an upper bound.`);
        return parts.join(' AND ');
      }
      case 'null':
        return `${name} IS ${filter.isNull ? '' : 'NOT '}NULL`;
      case 'in':
        return `${name} IN (${filter.values.map((value) => params.add(this.#value(column.name, value))).join(', ')})`;
    }
  }

  /**
   * Rows strictly after `row` in `order`: for some term i, the terms before it equal and
   * term i past it. NULLs sort where the engine puts them; a NOT NULL column skips those
   * cases. The first term is repeated as a range ("at or past") so an index on it is used.
   */
  #after(order: { column: string; descending: boolean }[], row: (string | null)[], params: Params): string {
    // A placeholder per use: `?` parameters are positional, so a value used twice is bound twice.
    const value = (i: number) => (row[i] === null ? null : () => params.add(this.#value(order[i]!.column, row[i]!)));
    const included = order.map((term, i) => this.#past(term, value(i), false, true) !== null);
    const count = included.filter(Boolean).length;
    // Built in text order, since positional parameters are bound in the order they appear.
    const first = count > 1 ? this.#past(order[0]!, value(0), true) : null;
    const alternatives: string[] = [];
    for (let i = 0; i < order.length; i++) {
      if (!included[i]) continue;
      const equal = order.slice(0, i).map((term, j) => (row[j] === null ? `${this.column(term.column)} IS NULL` : `${this.column(term.column)} = ${value(j)!()}`));
      alternatives.push([...equal, this.#past(order[i]!, value(i), false)!].join(' AND '));
    }
    if (!alternatives.length) return '1 = 0';
    const any = alternatives.length === 1 ? alternatives[0]! : alternatives.map((a) => `(${a})`).join(' OR ');
    return first ? `${first} AND (${any})` : `(${any})`;
  }

  /** The condition "column is past (or, with orEqual, at or past) value" in this term's direction, or null when nothing is. */
  #past(term: { column: string; descending: boolean }, value: (() => string) | null, orEqual: boolean, dryRun = false): string | null {
    const name = this.column(term.column);
    const nullable = this.#column(term.column).nullable;
    // In this direction, are NULLs before the values (then a NULL cursor has all values past it)?
    const nullsBefore = this.#engine.nullsFirstAscending !== term.descending;
    if (value === null) {
      if (orEqual) return null; // no useful range
      return nullsBefore ? `${name} IS NOT NULL` : null;
    }
    if (dryRun) return '';
    const comparison = `${name} ${term.descending ? '<' : '>'}${orEqual ? '=' : ''} ${value()}`;
    return nullable && !nullsBefore ? `(${comparison} OR ${name} IS NULL)` : comparison;
  }
}

class Params {
  readonly list: Param[] = [];
  readonly #engine: TableDataEngine<Engine>;
  constructor(engine: TableDataEngine<Engine>) {
    this.#engine = engine;
  }
  add(value: Param): string {
    this.list.push(value);
    return this.#engine.placeholder(this.list.length);
  }
}

function where(conditions: string[]): string {
  return conditions.length ? `\nWHERE ${conditions.map((c) => (conditions.length > 1 && !c.startsWith('(') ? `(${c})` : c)).join('\n  AND ')}` : '';
}
