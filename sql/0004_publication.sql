-- Planning runs and what they publish: windows, alerts in force, and the append-only alert feed.

CREATE TABLE plan_runs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id   bigint NOT NULL REFERENCES campaigns (id),
    status        text NOT NULL CHECK (status IN ('running', 'published', 'unchanged', 'failed', 'skipped')),
    trigger       text NOT NULL DEFAULT 'schedule',
    node          text,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    input_hash    text,
    stages        jsonb NOT NULL DEFAULT '[]',
    counts        jsonb NOT NULL DEFAULT '{}',
    error         text
);
CREATE INDEX plan_runs_by_campaign ON plan_runs (campaign_id, id DESC);

-- The run merchants see for a campaign; switched inside the publishing transaction.
CREATE TABLE publications (
    campaign_id   bigint PRIMARY KEY REFERENCES campaigns (id),
    plan_run_id   bigint NOT NULL REFERENCES plan_runs (id),
    published_at  timestamptz NOT NULL
);

CREATE TABLE shipment_windows (
    plan_run_id   bigint NOT NULL REFERENCES plan_runs (id) ON DELETE CASCADE,
    merchant_id   bigint NOT NULL REFERENCES merchants (id),
    warehouse_id  bigint NOT NULL REFERENCES warehouses (id),
    carrier_id    bigint NOT NULL REFERENCES carriers (id),
    hub_id        bigint NOT NULL REFERENCES hubs (id),
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL CHECK (ends_at > starts_at),
    max_parcels   integer NOT NULL CHECK (max_parcels >= 0)
);
CREATE INDEX shipment_windows_by_merchant ON shipment_windows (plan_run_id, merchant_id, starts_at);

-- Each alert's newest version; `alert_key` is its identity across runs.
CREATE TABLE alerts (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id       bigint NOT NULL REFERENCES campaigns (id),
    alert_key         text NOT NULL,
    version           integer NOT NULL CHECK (version >= 1),
    in_force          boolean NOT NULL,
    network_wide      boolean NOT NULL,
    level             text NOT NULL CHECK (level IN ('watch', 'warning', 'blocked')),
    carrier           text,
    node              text NOT NULL,
    node_kind         text NOT NULL,
    starts_at         timestamptz NOT NULL,
    ends_at           timestamptz NOT NULL,
    body              jsonb NOT NULL,          -- the alert exactly as the API shows this version
    state             jsonb,                   -- the alert engine's own record (hysteresis) for the next run
    first_published   timestamptz NOT NULL,
    plan_run_id       bigint NOT NULL REFERENCES plan_runs (id),
    UNIQUE (campaign_id, alert_key)
);

-- Which merchants an alert in force concerns (network-wide alerts concern everyone and have no rows).
CREATE TABLE alert_audience (
    alert_id     bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    merchant_id  bigint NOT NULL REFERENCES merchants (id),
    PRIMARY KEY (merchant_id, alert_id)
);
CREATE INDEX alert_audience_by_alert ON alert_audience (alert_id);

-- The feed. `position` is gap-free and commits in order: it is assigned under a transaction-scoped
-- advisory lock held until the publishing transaction commits, so no reader can ever see N+1
-- before N.
CREATE TABLE alert_events (
    position      bigint PRIMARY KEY,
    campaign_id   bigint NOT NULL REFERENCES campaigns (id),
    alert_id      bigint NOT NULL REFERENCES alerts (id),
    kind          text NOT NULL CHECK (kind IN ('created', 'updated', 'cleared')),
    version       integer NOT NULL,
    network_wide  boolean NOT NULL,
    body          jsonb NOT NULL,
    plan_run_id   bigint NOT NULL REFERENCES plan_runs (id),
    published_at  timestamptz NOT NULL
);
CREATE INDEX alert_events_network_wide ON alert_events (position) WHERE network_wide;

CREATE TABLE alert_event_audience (
    merchant_id  bigint NOT NULL REFERENCES merchants (id),
    position     bigint NOT NULL REFERENCES alert_events (position),
    PRIMARY KEY (merchant_id, position)
);
CREATE INDEX alert_event_audience_by_position ON alert_event_audience (position);

-- Server secrets (the feed-cursor signing key), made once by whichever node starts first.
CREATE TABLE server_secrets (
    name        text PRIMARY KEY,
    value       bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
