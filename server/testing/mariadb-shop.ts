// Test fixture: the "shop" database on a throwaway MariaDB (mariadb.ts) — every common
// type, constraints, keys, a generated column, AUTO_INCREMENT, views (one over another),
// a function, a procedure, a trigger, an event (in a time zone of its own, disabled),
// non-ASCII text and escapes — and the schema text
// that a restored copy must match.
import type { TestMariadb } from './mariadb.ts';

export const NON_ASCII = 'Grüße, 東京, Ελληνικά, emoji 🎉';

/** Statements ending in ";\n" (run with ";;" as the delimiter, so bodies may hold ";"). customers: 2 rows, orders: 3, big: none. */
export const SHOP_SCHEMA = `
  CREATE TABLE customers (
    id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL UNIQUE, balance DECIMAL(12,2), ratio DOUBLE, small FLOAT,
    photo BLOB, code BINARY(4), flags BIT(5), doc JSON, born DATE, wake TIME(3), seen DATETIME(6), stamp TIMESTAMP NULL DEFAULT NULL,
    yr YEAR, mood ENUM('sad','ok','happy'), tags SET('a','b','c'), notes TEXT, big BIGINT, tiny TINYINT, CHECK (balance >= -1000)
  ) ENGINE=InnoDB;
  CREATE TABLE orders (
    id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id INT UNSIGNED NOT NULL, total DECIMAL(10,2) NOT NULL DEFAULT 0,
    half DECIMAL(10,2) AS (total / 2) VIRTUAL,
    KEY orders_customer (customer_id), CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
  ) ENGINE=InnoDB;
  CREATE TABLE big (id INT AUTO_INCREMENT PRIMARY KEY, payload VARCHAR(255)) ENGINE=InnoDB;
  CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
  CREATE VIEW big_order_ids AS SELECT id FROM big_orders;
  CREATE FUNCTION order_count(c INT) RETURNS INT READS SQL DATA RETURN (SELECT COUNT(*) FROM orders WHERE customer_id = c);
  CREATE PROCEDURE add_order(c INT, t DECIMAL(10,2)) BEGIN INSERT INTO orders (customer_id, total) VALUES (c, t); END;
  CREATE TRIGGER orders_touch AFTER INSERT ON orders FOR EACH ROW UPDATE customers SET balance = balance - NEW.total WHERE id = NEW.customer_id;
  INSERT INTO customers (name, balance, ratio, small, photo, code, flags, doc, born, wake, seen, stamp, yr, mood, tags, notes, big, tiny) VALUES
    ('${NON_ASCII}', 12.50, 1e-300, 0.1, X'0001FF00', X'DEADBEEF', b'10101', '{"k": [1, 2, {"x": null}]}', '1970-01-01', '02:00:00.125',
     '2024-02-29 23:59:59.999999', '2024-01-01 00:00:00', 2024, 'happy', 'a,c', 'line1\\nline2 \\\\ ''quoted'' \\0 \\Z', -9223372036854775808, -128),
    ('Ada', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '', NULL, NULL);
  CALL add_order(1, 150); CALL add_order(2, 20); CALL add_order(1, 0);
  DELETE FROM orders WHERE total = 0; CALL add_order(1, 0);
  SET time_zone = '+02:00';
  CREATE EVENT nightly_cleanup ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 02:00:00' ON COMPLETION PRESERVE DISABLE COMMENT 'Grüße'
    DO BEGIN DELETE FROM big WHERE id < 0; UPDATE big SET payload = 'a;b' WHERE id < 0; END;
`;

export function loadShop(server: TestMariadb, database = 'shop'): void {
  server.rootSql(`USE \`${database}\`;\nDELIMITER ;;\n${SHOP_SCHEMA.replaceAll(';\n', ';;\n')}\nDELIMITER ;\n`);
}

/**
 * SHOW CREATE of every table, view, routine, trigger and event of `database`, with its name
 * taken out — and only the fields that describe the object (not the client's character
 * set, or when a trigger was created).
 */
export function shopSchemaText(server: TestMariadb, database: string): string {
  const list = (sql: string) => server.rootSql(sql).trim().split('\n').filter(Boolean).map((line) => line.split('\t'));
  const shown = (sql: string, fields: number) => server.rootSql(sql).trimEnd().split('\t').slice(0, fields).join('\t');
  const db = `\`${database}\``;
  const parts = list(`SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${database}' ORDER BY 1`)
    .map(([name, type]) => shown(`SHOW CREATE ${type === 'VIEW' ? 'VIEW' : 'TABLE'} ${db}.\`${name}\``, 2));
  for (const [type, name] of list(`SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '${database}' ORDER BY 1, 2`)) {
    parts.push(shown(`SHOW CREATE ${type} ${db}.\`${name}\``, 3));
  }
  for (const [name] of list(`SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '${database}' ORDER BY 1`)) {
    parts.push(shown(`SHOW CREATE TRIGGER ${db}.\`${name}\``, 3));
  }
  for (const [name] of list(`SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '${database}' ORDER BY 1`)) {
    parts.push(shown(`SHOW CREATE EVENT ${db}.\`${name}\``, 4)); // name, sql_mode, time_zone, statement
  }
  return parts.join('\n').replaceAll(`${db}.`, '');
}
