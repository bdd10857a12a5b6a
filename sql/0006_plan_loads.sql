-- Each run's hourly load per node, for the ops network view: the forecast as it would arrive
-- (unshaved P50/P90), the shaved plan (P50 and P90), and the capacity it was planned against.
CREATE TABLE plan_node_loads (
    plan_run_id      bigint NOT NULL REFERENCES plan_runs (id) ON DELETE CASCADE,
    kind             text NOT NULL,
    node             text NOT NULL,
    carrier          text,
    planned          real[] NOT NULL,
    planned_p90      real[] NOT NULL,
    unshaved_p50     real[] NOT NULL,
    unshaved_p90     real[] NOT NULL,
    capacity         bigint[],          -- null: unknown
    peak_utilization real               -- max over hours of unshaved P90 / capacity (a closed node with load: 10); null when unknown
);
CREATE INDEX plan_node_loads_by_run ON plan_node_loads (plan_run_id, peak_utilization DESC NULLS LAST);
