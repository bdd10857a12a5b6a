-- A national run publishes about a million windows and millions of audience rows in one
-- transaction. Their foreign keys cost a trigger and an index probe per row (publishing 100,000
-- windows spent seconds in them), yet every id they hold is looked up by code in that same
-- transaction (CodeIds), nothing they point at is ever deleted, and retention removes a run's rows
-- before the run. So, as for capacity_history, these bulk tables go without them.
ALTER TABLE shipment_windows
    DROP CONSTRAINT shipment_windows_plan_run_id_fkey,
    DROP CONSTRAINT shipment_windows_merchant_id_fkey,
    DROP CONSTRAINT shipment_windows_warehouse_id_fkey,
    DROP CONSTRAINT shipment_windows_carrier_id_fkey,
    DROP CONSTRAINT shipment_windows_hub_id_fkey;

ALTER TABLE alert_audience
    DROP CONSTRAINT alert_audience_alert_id_fkey,
    DROP CONSTRAINT alert_audience_merchant_id_fkey;

ALTER TABLE alert_event_audience
    DROP CONSTRAINT alert_event_audience_merchant_id_fkey,
    DROP CONSTRAINT alert_event_audience_position_fkey;

ALTER TABLE alert_events
    DROP CONSTRAINT alert_events_alert_id_fkey,
    DROP CONSTRAINT alert_events_plan_run_id_fkey;

ALTER TABLE plan_node_loads
    DROP CONSTRAINT plan_node_loads_plan_run_id_fkey;

-- A run's alert changes (dashboard run page, retention's "does an event still name this run").
CREATE INDEX alert_events_by_run ON alert_events (plan_run_id, position);
