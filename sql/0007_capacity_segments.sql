-- Capacity history in segments, so a large upload's rows never go through a B-tree insert one by
-- one: a large upload is staged as a table of its own, gets its index built in one sort, and is
-- attached as a partition of its own; small uploads share one partition (segment 0). The body is
-- no longer stored (uploads stream straight into staging), and a load that keeps failing is given
-- up on after a few attempts.

ALTER TABLE capacity_history RENAME TO capacity_history_shared;
ALTER TABLE capacity_history_shared ADD COLUMN segment bigint NOT NULL DEFAULT 0;
DROP VIEW capacity_effective;
DROP INDEX capacity_history_bucket;

-- segment: 0 for the shared partition, else the version of the upload that has the partition to itself.
-- The checks keep their names from 0002: a partition must carry the same ones to be attached.
CREATE TABLE capacity_history (
    kind        text NOT NULL CONSTRAINT capacity_history_kind_check CHECK (kind IN ('sort', 'pickup', 'outbound')),
    node_id     bigint NOT NULL,
    carrier_id  bigint,
    hour        timestamptz NOT NULL CONSTRAINT capacity_history_hour_check CHECK (date_trunc('hour', hour AT TIME ZONE 'UTC') = hour AT TIME ZONE 'UTC'),
    parcels     integer NOT NULL CONSTRAINT capacity_history_parcels_check CHECK (parcels >= 0),
    version     bigint NOT NULL,
    upload_id   uuid NOT NULL,
    segment     bigint NOT NULL,
    CONSTRAINT capacity_history_check CHECK ((kind = 'outbound') = (carrier_id IS NULL))
) PARTITION BY LIST (segment);
ALTER TABLE capacity_history ATTACH PARTITION capacity_history_shared FOR VALUES IN (0);
ALTER TABLE capacity_history_shared ALTER COLUMN segment DROP DEFAULT;

-- Unique: a bucket has one figure per version. So building a large upload's index is also its
-- check that no two lines cover the same node, kind and hour (carrier_id null = outbound counts as one).
CREATE UNIQUE INDEX capacity_history_bucket ON capacity_history (node_id, kind, carrier_id, hour, version DESC, segment) NULLS NOT DISTINCT;

CREATE VIEW capacity_effective AS
SELECT DISTINCT ON (node_id, kind, carrier_id, hour)
       kind, node_id, carrier_id, hour, parcels, version, upload_id
FROM capacity_history
ORDER BY node_id, kind, carrier_id, hour, version DESC;

-- failed: the load was given up on (the reason is its one error), as opposed to rejected for bad lines.
ALTER TABLE uploads DROP CONSTRAINT uploads_status_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_status_check CHECK (status IN ('queued', 'processing', 'accepted', 'rejected', 'failed'));

-- Bodies now stream into a staging table of their own (schema staging) instead. An upload still
-- waiting for its load has only its old body, which the new load cannot read: it is failed, saying so.
UPDATE uploads
SET status = 'failed', finished_at = now(), error_count = 1,
    errors = '[{"line": 0, "column": "", "value": null, "reason": "the capacity intake was upgraded before this upload was loaded; upload the file again"}]'
WHERE kind = 'capacity' AND status IN ('queued', 'processing');
DROP TABLE upload_bodies;

-- How many network uploads had been accepted when a capacity upload was checked against the
-- network on its way in: its load re-checks the staged rows only if the network changed since.
ALTER TABLE uploads ADD COLUMN network_generation bigint;

-- How many times a load was started; the sweep gives up on an upload after Capacity:MaxLoadAttempts.
ALTER TABLE uploads ADD COLUMN load_attempts integer NOT NULL DEFAULT 0;
