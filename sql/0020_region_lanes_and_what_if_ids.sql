-- Lanes into a region (issue 20): each published run's line-hauls (a carrier's origin hub to its
-- receiving hub in a region), hour by hour as their parcels reach the receiving hub. Tens of
-- thousands nationally, so one row of arrays each, holding only the span of hours with parcels
-- (first_hour is the horizon hour of the arrays' first element). No key on plan_run_id, as for
-- plan_node_loads (0011): retention deletes a run's lanes before the run.
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
