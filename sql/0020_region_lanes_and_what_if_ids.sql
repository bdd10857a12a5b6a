-- Lanes into a region, and what-if ids from the planning runs' sequence (issue 20).

-- Each published run's line-hauls (a carrier's origin hub to its receiving hub in a region), hour
-- by hour as their parcels reach the receiving hub. Up to about 18,000 a national run, so one row of
-- arrays each, holding only the span of hours with parcels (first_hour is the horizon hour of the
-- arrays' first element). No key on plan_run_id, as for plan_node_loads (0011): retention deletes
-- a run's lanes before the run.
CREATE TABLE plan_lane_loads (
    plan_run_id  bigint NOT NULL,
    carrier      text NOT NULL,
    origin       text NOT NULL,
    destination  text NOT NULL,
    first_hour   integer NOT NULL CHECK (first_hour >= 0),
    planned      real[] NOT NULL,
    unshaved_p50 real[] NOT NULL,
    unshaved_p90 real[] NOT NULL
);
-- A region's status reads the lanes into its hubs by key.
CREATE INDEX plan_lane_loads_by_destination ON plan_lane_loads (plan_run_id, destination);

-- What-ifs take their ids from the planning runs' sequence, so an id names one run, dry or not
-- (/ops/runs/{id}). The sequence first moves past every what-if so far, and only then: untouched, a
-- fresh database's first run stays run 1. An older what-if whose id a planning run also has keeps
-- it (/ops/runs/{id} is then the planning run).
SELECT setval('plan_runs_id_seq', w.last_id)
FROM (SELECT max(id) AS last_id FROM what_if_runs) w
WHERE w.last_id >= (SELECT last_value FROM plan_runs_id_seq);
ALTER TABLE what_if_runs ALTER COLUMN id DROP IDENTITY;
ALTER TABLE what_if_runs ALTER COLUMN id SET DEFAULT nextval('plan_runs_id_seq');
