-- Publication copies millions of rows into the tables below at national scale (windows for 100,000
-- merchants, the merchants each alert concerns). A foreign key costs a lookup per copied row, which
-- made the copy several times slower than writing the rows. Every id copied here comes from the
-- network's own tables, read in the publishing transaction (Publication/CodeIds), and nothing
-- referenced is ever deleted, so these checks are dropped, as for capacity_history. The keys that
-- clean up after a deleted run or alert (ON DELETE CASCADE) stay.
ALTER TABLE shipment_windows
    DROP CONSTRAINT shipment_windows_merchant_id_fkey,
    DROP CONSTRAINT shipment_windows_warehouse_id_fkey,
    DROP CONSTRAINT shipment_windows_carrier_id_fkey,
    DROP CONSTRAINT shipment_windows_hub_id_fkey;
ALTER TABLE alert_audience DROP CONSTRAINT alert_audience_merchant_id_fkey;
ALTER TABLE alert_event_audience
    DROP CONSTRAINT alert_event_audience_merchant_id_fkey,
    DROP CONSTRAINT alert_event_audience_position_fkey;
