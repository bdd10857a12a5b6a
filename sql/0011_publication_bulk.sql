-- The rest of what 0007_publication_bulk started: the remaining per-row key checks on the bulk
-- publication tables (each window, audience row, event and node load checked its run or alert
-- exists, a lookup per copied row). Ids come from the publishing transaction itself, and retention
-- (RetentionSql) deletes a run's windows, loads and events before the run, and an alert only when
-- it is cleared (no audience left) and no event names it, so nothing is left dangling.
ALTER TABLE shipment_windows DROP CONSTRAINT shipment_windows_plan_run_id_fkey;
ALTER TABLE alert_audience DROP CONSTRAINT alert_audience_alert_id_fkey;
ALTER TABLE alert_events
    DROP CONSTRAINT alert_events_alert_id_fkey,
    DROP CONSTRAINT alert_events_plan_run_id_fkey;
ALTER TABLE plan_node_loads DROP CONSTRAINT plan_node_loads_plan_run_id_fkey;

-- A run's alert changes (dashboard run page, retention's "does an event still name this run").
CREATE INDEX alert_events_by_run ON alert_events (plan_run_id, position);
