// The sample database offered on first run: a small shop with a few thousand rows made by
// a seeded generator, so it is identical everywhere. Built in a temporary file beside the
// target and renamed over it, so a crash never leaves a half-built database behind.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Random, sqliteTime } from './random.ts';
import { SAMPLE_SCHEMA } from './schema.ts';
import { ADJECTIVES, CATEGORIES, CITIES, FIRST_NAMES, JOB_TITLES, LAST_NAMES, ORDER_STATUSES } from './vocabulary.ts';

const SEED = 20240401;
export const SAMPLE_SIZES = { products: 240, employees: 36, customers: 2500, orders: 7000 } as const;

const DAY = 86_400_000;
const FIRST_DAY = Date.UTC(2022, 0, 1);
const LAST_DAY = Date.UTC(2025, 11, 31);

/** Creates (or replaces) `file` with the sample database. Takes well under a second. */
export function createSampleDatabase(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    // Readable by the user only, like everything under the home (SQLite keeps the mode).
    closeSync(openSync(temporary, 'w', 0o600));
    chmodSync(temporary, 0o600);
    const db = new Database(temporary);
    try {
      // Nothing to protect until the rename: skip the journal and fsyncs while building.
      db.pragma('journal_mode = OFF');
      db.pragma('synchronous = OFF');
      db.exec(SAMPLE_SCHEMA);
      db.transaction(() => fill(db, new Random(SEED)))();
      db.exec('ANALYZE'); // row estimates for the schema explorer
    } finally {
      db.close();
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function fill(db: Database.Database, random: Random): void {
  const insertCategory = db.prepare('INSERT INTO categories (id, name, description) VALUES (?, ?, ?)');
  CATEGORIES.forEach((category, index) => insertCategory.run(index + 1, category.name, category.description));

  const prices: number[] = [];
  const insertProduct = db.prepare('INSERT INTO products (id, category_id, name, sku, price, in_stock, discontinued) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const productNames = new Set<string>();
  for (let id = 1; id <= SAMPLE_SIZES.products; id++) {
    const categoryIndex = (id - 1) % CATEGORIES.length;
    const category = CATEGORIES[categoryIndex]!;
    let name = `${random.pick(ADJECTIVES)} ${random.pick(category.nouns)}`;
    for (let attempt = 0; productNames.has(name) && attempt < 20; attempt++) name = `${random.pick(ADJECTIVES)} ${random.pick(category.nouns)}`;
    if (productNames.has(name)) name = `${name} No. ${id}`;
    productNames.add(name);
    const [low, high] = category.price;
    const cents = random.chance(0.6) ? 99 : random.pick([0, 25, 49, 50, 75, 95]);
    prices[id] = Math.round((random.int(low, high - 1) + cents / 100) * 100) / 100;
    insertProduct.run(id, categoryIndex + 1, name, `SKU-${String(categoryIndex + 1).padStart(2, '0')}-${String(id).padStart(5, '0')}`, prices[id], random.int(0, 500), random.chance(0.05) ? 1 : 0);
  }

  const insertEmployee = db.prepare('INSERT INTO employees (id, first_name, last_name, title, manager_id, hired_on) VALUES (?, ?, ?, ?, ?, ?)');
  insertEmployee.run(1, 'Margaret', 'Okafor', 'Chief Executive Officer', null, '2015-03-02');
  for (let id = 2; id <= SAMPLE_SIZES.employees; id++) {
    const manager = id <= 5 ? 1 : random.int(2, 5); // four managers report to the CEO
    const title = id <= 5 ? 'Sales Manager' : random.pick(JOB_TITLES);
    insertEmployee.run(id, random.pick(FIRST_NAMES), random.pick(LAST_NAMES), title, manager, random.timestamp(Date.UTC(2015, 0, 1), FIRST_DAY).slice(0, 10));
  }

  const insertCustomer = db.prepare('INSERT INTO customers (id, first_name, last_name, email, city, country, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const joined: number[] = [];
  for (let id = 1; id <= SAMPLE_SIZES.customers; id++) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const [city, country] = random.pick(CITIES);
    const local = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    const createdAt = random.timestamp(FIRST_DAY - 365 * DAY, LAST_DAY - 30 * DAY);
    joined[id] = Date.parse(`${createdAt.replace(' ', 'T')}Z`);
    insertCustomer.run(id, first, last, `${local}${id}@example.${random.pick(['com', 'net', 'org'])}`, city, country, createdAt);
  }

  const insertOrder = db.prepare('INSERT INTO orders (id, customer_id, employee_id, status, ordered_at, shipped_at) VALUES (?, ?, ?, ?, ?, ?)');
  const insertItem = db.prepare('INSERT INTO order_items (order_id, product_id, quantity, unit_price, discount) VALUES (?, ?, ?, ?, ?)');
  for (let id = 1; id <= SAMPLE_SIZES.orders; id++) {
    const customer = random.int(1, SAMPLE_SIZES.customers);
    const orderedMs = Math.max(joined[customer]!, FIRST_DAY) + Math.floor(random.next() * (LAST_DAY - Math.max(joined[customer]!, FIRST_DAY)));
    const status = weighted(random, ORDER_STATUSES);
    const shipped = status === 'shipped' || status === 'delivered' ? sqliteTime(orderedMs + random.int(1, 6) * DAY + random.int(0, 86_399) * 1000) : null;
    insertOrder.run(id, customer, random.chance(0.9) ? random.int(2, SAMPLE_SIZES.employees) : null, status, sqliteTime(orderedMs), shipped);
    const products = new Set<number>();
    const lines = random.int(1, 5);
    while (products.size < lines) products.add(random.int(1, SAMPLE_SIZES.products));
    for (const product of products) {
      insertItem.run(id, product, random.int(1, random.chance(0.8) ? 3 : 12), prices[product]!, random.pick([0, 0, 0, 0, 0.05, 0.1, 0.15]));
    }
  }
}

function weighted(random: Random, choices: readonly (readonly [string, number])[]): string {
  let roll = random.next();
  for (const [value, weight] of choices) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return choices.at(-1)![0];
}
