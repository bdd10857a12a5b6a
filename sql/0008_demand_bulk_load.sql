-- A campaign's signals and outcomes arrive by the ten million and are loaded in bulk: the staged
-- table, built and keyed, is attached as the campaign's partition. Attaching validates every
-- foreign key of the parent with a scan of the whole partition (four scans for signals, five for
-- outcomes), which cost more than the load itself. The loader already resolves every id from these
-- very tables, and network rows and campaigns are never deleted, so the keys guard nothing here.
ALTER TABLE demand_signals
    DROP CONSTRAINT demand_signals_campaign_id_fkey,
    DROP CONSTRAINT demand_signals_merchant_id_fkey,
    DROP CONSTRAINT demand_signals_warehouse_id_fkey,
    DROP CONSTRAINT demand_signals_region_id_fkey;

ALTER TABLE demand_outcomes
    DROP CONSTRAINT demand_outcomes_campaign_id_fkey,
    DROP CONSTRAINT demand_outcomes_merchant_id_fkey,
    DROP CONSTRAINT demand_outcomes_warehouse_id_fkey,
    DROP CONSTRAINT demand_outcomes_carrier_id_fkey,
    DROP CONSTRAINT demand_outcomes_region_id_fkey;
