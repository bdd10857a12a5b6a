-- While a queued upload is loaded, what it is doing and how far it got: a large signals file's
-- checks and merge take minutes, and its status used to show nothing until the end. Written on a
-- connection of its own (the load's transaction commits only at the end), cleared with the verdict.
ALTER TABLE uploads
    ADD COLUMN phase     text CHECK (phase IN ('waiting', 'checking', 'merging')),
    ADD COLUMN rows_done bigint;
