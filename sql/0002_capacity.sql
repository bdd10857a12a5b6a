-- Capacity: uploaded bodies waiting for the background load, and every accepted version of every
-- node/kind/carrier/hour.

-- The body of an upload, in 1 MiB chunks, written while the request streams in. It lives in the
-- database (not a local file) so any worker of the cluster can load it and a crashed load can be
-- retried; chunks keep memory flat on both sides. Dropped once the upload is accepted or rejected.
CREATE TABLE upload_bodies (
    upload_id  uuid NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
    seq        integer NOT NULL,
    data       bytea NOT NULL,
    PRIMARY KEY (upload_id, seq)
);
-- Stored out of line uncompressed: compressing a megabyte per chunk costs more CPU than the disk it saves.
ALTER TABLE upload_bodies ALTER COLUMN data SET STORAGE EXTERNAL;

-- Each accepted capacity upload gets the next version; a higher version supersedes a lower one.
CREATE SEQUENCE capacity_version;

-- Every accepted hourly bucket, never updated or deleted: the history. node_id is a hub (sort) or a
-- warehouse (pickup, outbound); carrier_id is the hub's carrier (sort), the uploading carrier
-- (pickup), or null (outbound, the warehouse's own). No foreign keys: a load appends a million rows
-- and per-row RI triggers would cost more than the load itself; every id comes from a join in the
-- load's own transaction (CapacitySql.Merge), and nothing referenced is ever deleted.
CREATE TABLE capacity_history (
    kind        text NOT NULL CHECK (kind IN ('sort', 'pickup', 'outbound')),
    node_id     bigint NOT NULL,
    carrier_id  bigint,
    hour        timestamptz NOT NULL CHECK (date_trunc('hour', hour AT TIME ZONE 'UTC') = hour AT TIME ZONE 'UTC'),
    parcels     integer NOT NULL CHECK (parcels >= 0),
    version     bigint NOT NULL,
    upload_id   uuid NOT NULL,
    CHECK ((kind = 'outbound') = (carrier_id IS NULL))
);
-- One index serves both the effective read (newest version first per bucket) and range reads by node.
CREATE INDEX capacity_history_bucket ON capacity_history (node_id, kind, carrier_id, hour, version DESC);

-- The effective (latest accepted) capacity of each node/kind/carrier/hour and the upload that set it.
CREATE VIEW capacity_effective AS
SELECT DISTINCT ON (node_id, kind, carrier_id, hour)
       kind, node_id, carrier_id, hour, parcels, version, upload_id
FROM capacity_history
ORDER BY node_id, kind, carrier_id, hour, version DESC;

-- Finding uploads the background job still owes a load (after a crash or a lost trigger).
CREATE INDEX uploads_pending ON uploads (kind, created_at) WHERE status IN ('queued', 'processing');
