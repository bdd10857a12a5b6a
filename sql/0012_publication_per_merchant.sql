-- A publication stored one row per merchant. A national run wrote 17M window rows, 15M alert
-- audience rows and as many event audience rows, a tuple and index entries each: 170 s of a 409 s
-- run. Each of them is only ever read for one merchant (its windows, the alerts that concern it, its
-- feed), so a merchant's share of a run is now one row of parallel arrays, written by one binary
-- COPY. The old names stay, as views with a row per window or pair, for ops and ad-hoc queries.

-- One merchant's windows in one run. Window i: warehouse_ids[i], carrier_ids[i], hub_ids[i], from
-- base_at + start_hours[i] hours for hours[i] hours, at most max_parcels[i] parcels. The plan is
-- hourly, so whole hours from a base say it exactly in a third of a timestamp pair's bytes. The
-- writer checks hours > 0 and max_parcels >= 0 (a CHECK over every element would read them all again).
CREATE TABLE merchant_windows (
    plan_run_id    bigint NOT NULL,
    merchant_id    bigint NOT NULL,
    base_at        timestamptz NOT NULL,
    warehouse_ids  bigint[] NOT NULL,
    carrier_ids    bigint[] NOT NULL,
    hub_ids        bigint[] NOT NULL,
    start_hours    integer[] NOT NULL,
    hours          integer[] NOT NULL,
    max_parcels    integer[] NOT NULL,
    PRIMARY KEY (plan_run_id, merchant_id),
    CHECK (cardinality(carrier_ids) = cardinality(warehouse_ids) AND cardinality(hub_ids) = cardinality(warehouse_ids)
           AND cardinality(start_hours) = cardinality(warehouse_ids) AND cardinality(hours) = cardinality(warehouse_ids)
           AND cardinality(max_parcels) = cardinality(warehouse_ids))
);

-- A merchant's windows (a few kB) and a node's hourly series are stored out of line, compressed.
-- The default compression (pglz) took a good part of the publication's time; lz4 is several times
-- faster at much the same size, where the server has it.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE merchant_windows
            ALTER COLUMN warehouse_ids SET COMPRESSION lz4, ALTER COLUMN carrier_ids SET COMPRESSION lz4,
            ALTER COLUMN hub_ids SET COMPRESSION lz4, ALTER COLUMN start_hours SET COMPRESSION lz4,
            ALTER COLUMN hours SET COMPRESSION lz4, ALTER COLUMN max_parcels SET COMPRESSION lz4;
        ALTER TABLE plan_node_loads
            ALTER COLUMN planned SET COMPRESSION lz4, ALTER COLUMN planned_p90 SET COMPRESSION lz4,
            ALTER COLUMN unshaved_p50 SET COMPRESSION lz4, ALTER COLUMN unshaved_p90 SET COMPRESSION lz4,
            ALTER COLUMN capacity SET COMPRESSION lz4;
    END IF;
END $$;

-- The alerts in force that concern a merchant, as of its campaign's published run (network-wide
-- alerts concern everyone and are listed for no one). Only published runs have rows: a publication
-- writes its run's and deletes the run it replaces.
CREATE TABLE merchant_alerts (
    plan_run_id  bigint NOT NULL,
    merchant_id  bigint NOT NULL,
    alert_ids    bigint[] NOT NULL,
    PRIMARY KEY (plan_run_id, merchant_id)
);
CREATE INDEX merchant_alerts_by_merchant ON merchant_alerts (merchant_id);

-- The feed positions that concern a merchant: a row per publication (its cleared events may come in
-- a row of their own, after the others). A publication's positions are numbered as one block under
-- the feed lock, so a merchant's rows never overlap and a committed feed head never falls inside one.
CREATE TABLE merchant_feed (
    merchant_id     bigint NOT NULL,
    first_position  bigint NOT NULL,
    last_position   bigint NOT NULL,
    positions       bigint[] NOT NULL,    -- ascending, from first_position to last_position
    PRIMARY KEY (merchant_id, last_position),
    CHECK (first_position <= last_position)
);
CREATE INDEX merchant_feed_by_position ON merchant_feed (last_position);

-- What was published before, moved over.
INSERT INTO merchant_windows (plan_run_id, merchant_id, base_at, warehouse_ids, carrier_ids, hub_ids, start_hours, hours, max_parcels)
SELECT sw.plan_run_id, sw.merchant_id, b.base_at,
       array_agg(sw.warehouse_id ORDER BY sw.starts_at, sw.warehouse_id, sw.carrier_id, sw.hub_id),
       array_agg(sw.carrier_id ORDER BY sw.starts_at, sw.warehouse_id, sw.carrier_id, sw.hub_id),
       array_agg(sw.hub_id ORDER BY sw.starts_at, sw.warehouse_id, sw.carrier_id, sw.hub_id),
       array_agg(round(extract(epoch FROM sw.starts_at - b.base_at) / 3600)::integer ORDER BY sw.starts_at, sw.warehouse_id, sw.carrier_id, sw.hub_id),
       array_agg(round(extract(epoch FROM sw.ends_at - sw.starts_at) / 3600)::integer ORDER BY sw.starts_at, sw.warehouse_id, sw.carrier_id, sw.hub_id),
       array_agg(sw.max_parcels ORDER BY sw.starts_at, sw.warehouse_id, sw.carrier_id, sw.hub_id)
FROM shipment_windows sw
JOIN (SELECT plan_run_id, merchant_id, min(starts_at) AS base_at FROM shipment_windows GROUP BY plan_run_id, merchant_id) b
  ON b.plan_run_id = sw.plan_run_id AND b.merchant_id = sw.merchant_id
GROUP BY sw.plan_run_id, sw.merchant_id, b.base_at;

INSERT INTO merchant_alerts (plan_run_id, merchant_id, alert_ids)
SELECT p.plan_run_id, x.merchant_id, array_agg(x.alert_id ORDER BY x.alert_id)
FROM alert_audience x
JOIN alerts a ON a.id = x.alert_id
JOIN publications p ON p.campaign_id = a.campaign_id
GROUP BY p.plan_run_id, x.merchant_id;

-- A run publishes once, so its positions are one block: a row per merchant and run.
INSERT INTO merchant_feed (merchant_id, first_position, last_position, positions)
SELECT x.merchant_id, min(x.position), max(x.position), array_agg(x.position ORDER BY x.position)
FROM alert_event_audience x
JOIN alert_events e ON e.position = x.position
GROUP BY x.merchant_id, e.plan_run_id;

DROP TABLE shipment_windows, alert_audience, alert_event_audience;

-- The same rows as before, one per window or pair.
CREATE VIEW shipment_windows AS
SELECT w.plan_run_id, w.merchant_id, x.warehouse_id, x.carrier_id, x.hub_id,
       w.base_at + make_interval(hours => x.start_hour) AS starts_at,
       w.base_at + make_interval(hours => x.start_hour + x.hours) AS ends_at,
       x.max_parcels
FROM merchant_windows w
CROSS JOIN LATERAL unnest(w.warehouse_ids, w.carrier_ids, w.hub_ids, w.start_hours, w.hours, w.max_parcels)
    AS x(warehouse_id, carrier_id, hub_id, start_hour, hours, max_parcels);

CREATE VIEW alert_audience AS
SELECT x.alert_id, m.merchant_id
FROM merchant_alerts m
CROSS JOIN LATERAL unnest(m.alert_ids) AS x(alert_id);

CREATE VIEW alert_event_audience AS
SELECT f.merchant_id, x.position
FROM merchant_feed f
CROSS JOIN LATERAL unnest(f.positions) AS x(position);
