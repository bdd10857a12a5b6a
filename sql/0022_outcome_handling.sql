-- Outcomes say how each parcel was handled (issue 25): a merchant can ship parcels and appliances
-- from one warehouse through one carrier in one hour, so the class joins the outcomes' key. Rows
-- stored before this were parcels.
ALTER TABLE demand_outcomes
    -- Written without a comma (not IN): the loader splits its column list on commas, and a staged
    -- table must carry this very expression to be attached.
    ADD COLUMN handling text NOT NULL DEFAULT 'parcel' CONSTRAINT demand_outcomes_handling_check CHECK (handling = 'parcel' OR handling = 'bulky'),
    DROP CONSTRAINT demand_outcomes_pkey,
    ADD PRIMARY KEY (campaign_id, merchant_id, warehouse_id, carrier_id, region_id, day, hour, handling);

-- An outcomes upload received before this and loaded after it: its typed rows are parcels, and its
-- text rows (lines that did not resolve) have an empty class, which the checks read as parcel.
-- Signals uploads have no carrier column and are left alone.
DO $$
DECLARE t record;
BEGIN
    FOR t IN SELECT c.table_name FROM information_schema.columns c
             WHERE c.table_schema = 'staging' AND c.table_name LIKE 'u\_%' AND c.column_name = 'carrier_id' LOOP
        EXECUTE format('ALTER TABLE staging.%I ADD COLUMN handling text NOT NULL DEFAULT ''parcel''
                        CONSTRAINT demand_outcomes_handling_check CHECK (handling = ''parcel'' OR handling = ''bulky'')', t.table_name);
    END LOOP;
    FOR t IN SELECT c.table_name FROM information_schema.columns c
             WHERE c.table_schema = 'staging' AND c.table_name LIKE 'u\_%\_text' AND c.column_name = 'carrier' LOOP
        EXECUTE format('ALTER TABLE staging.%I ADD COLUMN handling text NOT NULL DEFAULT ''''', t.table_name);
    END LOOP;
END $$;
