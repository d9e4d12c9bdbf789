-- No query reads the change log by (entity, row_id): the change feed and sync read it by
-- sequence number, idempotence by op id, and the field versions live in field_heads. The index
-- cost every save one more page written and synced; it goes.
DROP INDEX IF EXISTS change_log_row;
