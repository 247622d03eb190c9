-- An order's time is the database's clock at its insert (not the transaction's start: one user's orders, placed one
-- after the other under the user's row lock, must have increasing ids and times alike). As the column's default, the
-- JPA entity can leave it out of the insert and read it back with the generated id, in the same statement.
ALTER TABLE ticket_orders ALTER COLUMN created_at SET DEFAULT clock_timestamp();
