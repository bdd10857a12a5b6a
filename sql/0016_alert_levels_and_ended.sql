-- Alerts issue. An alert whose end has passed leaves the alerts in force with its own event kind, `ended`, apart
-- from `cleared` (the plan no longer sees it).
ALTER TABLE alert_events DROP CONSTRAINT alert_events_kind_check;
ALTER TABLE alert_events ADD CONSTRAINT alert_events_kind_check CHECK (kind IN ('created', 'updated', 'cleared', 'ended'));

-- The alerts in force of a campaign, by end: the list leaves out those whose end has passed.
CREATE INDEX alerts_in_force_by_end ON alerts (campaign_id, ends_at) WHERE in_force;

-- A destination hub's delay notice has its own level, `delay`.
ALTER TABLE alerts DROP CONSTRAINT alerts_level_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_level_check CHECK (level IN ('watch', 'warning', 'blocked', 'delay'));

-- Replays of a generated campaign scored against its realised demand (`logistics evaluate`, the demo):
-- the report as the CLI prints it with --json, for the dashboard.
CREATE TABLE evaluations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign    text NOT NULL,
    scale       text NOT NULL,
    seed        bigint NOT NULL,
    report      jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
