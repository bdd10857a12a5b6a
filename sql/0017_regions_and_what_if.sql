-- Route and region status, the carrier's load view, and what-if runs (issue 20).

-- A region's status reads the published run's loads of its hubs, a carrier's view those of its own
-- nodes: both by key, not by scanning a national run's tens of thousands of loads.
CREATE INDEX plan_node_loads_by_node ON plan_node_loads (plan_run_id, node);
CREATE INDEX plan_node_loads_by_carrier ON plan_node_loads (plan_run_id, carrier, node);

-- The alerts in force on given nodes (a region's hubs, a carrier's nodes) without reading the campaign's others.
CREATE INDEX alerts_in_force_by_node ON alerts (campaign_id, node) WHERE in_force;

-- A what-if: a full planning run on a worker with capacity overridden, published nowhere. Its
-- result is a diff against the run in force when it started (base_run_id). Never read by the feed,
-- the windows or the alert list.
CREATE TABLE what_if_runs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id  bigint NOT NULL REFERENCES campaigns (id),
    status       text NOT NULL CHECK (status IN ('queued', 'running', 'finished', 'failed')),
    overrides    jsonb NOT NULL,
    base_run_id  bigint,
    job_id       text,
    requested_by bigint REFERENCES api_keys (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    started_at   timestamptz,
    finished_at  timestamptz,
    stages       jsonb NOT NULL DEFAULT '[]',
    diff         jsonb,
    error        text,
    -- "Publish this": the capacity uploads (one per carrier, and ops' own outbound) that made the overrides real.
    published_upload_ids uuid[]
);
CREATE INDEX what_if_runs_recent ON what_if_runs (created_at DESC);
