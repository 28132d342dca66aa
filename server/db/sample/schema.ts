// The sample database's structure: a small shop, with the relations, indexes, a view and
// constraints a schema explorer should show.
export const SAMPLE_SCHEMA = `
CREATE TABLE categories (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  description TEXT
);

CREATE TABLE products (
  id          INTEGER PRIMARY KEY,
  category_id INTEGER NOT NULL REFERENCES categories(id),
  name        TEXT NOT NULL UNIQUE,
  sku         TEXT NOT NULL UNIQUE,
  price       REAL NOT NULL CHECK (price >= 0),
  in_stock    INTEGER NOT NULL DEFAULT 0,
  discontinued INTEGER NOT NULL DEFAULT 0 CHECK (discontinued IN (0, 1))
);
CREATE INDEX products_category_id ON products(category_id);

CREATE TABLE employees (
  id         INTEGER PRIMARY KEY,
  first_name TEXT NOT NULL,
  last_name  TEXT NOT NULL,
  title      TEXT NOT NULL,
  manager_id INTEGER REFERENCES employees(id) ON DELETE SET NULL,
  hired_on   TEXT NOT NULL
);
CREATE INDEX employees_manager_id ON employees(manager_id);

CREATE TABLE customers (
  id         INTEGER PRIMARY KEY,
  first_name TEXT NOT NULL,
  last_name  TEXT NOT NULL,
  email      TEXT NOT NULL UNIQUE,
  city       TEXT NOT NULL,
  country    TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX customers_country_city ON customers(country, city);

CREATE TABLE orders (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  employee_id INTEGER REFERENCES employees(id) ON DELETE SET NULL,
  status      TEXT NOT NULL CHECK (status IN ('pending', 'processing', 'shipped', 'delivered', 'cancelled')),
  ordered_at  TEXT NOT NULL,
  shipped_at  TEXT
);
CREATE INDEX orders_customer_id ON orders(customer_id);
CREATE INDEX orders_employee_id ON orders(employee_id);
CREATE INDEX orders_ordered_at ON orders(ordered_at);

CREATE TABLE order_items (
  order_id   INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  product_id INTEGER NOT NULL REFERENCES products(id),
  quantity   INTEGER NOT NULL CHECK (quantity > 0),
  unit_price REAL NOT NULL,
  discount   REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (order_id, product_id)
) WITHOUT ROWID;
CREATE INDEX order_items_product_id ON order_items(product_id);

CREATE VIEW order_totals AS
SELECT o.id AS order_id,
       c.first_name || ' ' || c.last_name AS customer,
       o.status,
       o.ordered_at,
       count(*) AS items,
       round(sum(i.quantity * i.unit_price * (1 - i.discount)), 2) AS total
  FROM orders o
  JOIN customers c ON c.id = o.customer_id
  JOIN order_items i ON i.order_id = o.id
 GROUP BY o.id;
`;
