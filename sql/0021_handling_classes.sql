-- Handling classes (issue 25): a category is handled as a parcel or as bulky (appliances,
-- furniture), and bulky parcels take capacity of their own: a hub's bulky line (bulky_sort, given
-- by the hub's carrier) and a carrier's bulky truck slots at a warehouse (bulky_pickup).

-- A category the network file classed; a category nobody classed is a parcel.
CREATE TABLE categories (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code      text NOT NULL UNIQUE,
    name      text NOT NULL,
    handling  text NOT NULL CHECK (handling IN ('parcel', 'bulky'))
);

-- The capacity history's row check allows the two bulky kinds; both carry their carrier, as sort
-- and pickup do. Widening it only lets more rows in, so every row there already passes. It takes a
-- new name: a partition attached with the old check keeps it as its own when the parent drops it,
-- and adding a different check of the same name to the parent would then fail on that partition.
ALTER TABLE capacity_history
    DROP CONSTRAINT capacity_history_row_check,
    ADD CONSTRAINT capacity_history_row_check_v2 CHECK (
        parcels >= 0
        AND date_bin('1 hour', hour, timestamptz '2000-01-01 00:00:00+00') = hour
        AND CASE kind WHEN 'outbound' THEN carrier_id IS NULL WHEN 'sort' THEN carrier_id IS NOT NULL WHEN 'pickup' THEN carrier_id IS NOT NULL
                      WHEN 'bulky_sort' THEN carrier_id IS NOT NULL WHEN 'bulky_pickup' THEN carrier_id IS NOT NULL ELSE false END);

-- Staging tables of uploads received but not yet loaded carry the old check; a large one becomes a
-- partition and must carry the new one instead.
DO $$
DECLARE t record;
BEGIN
    FOR t IN SELECT schemaname, tablename FROM pg_tables WHERE schemaname = 'staging' AND tablename LIKE 'capacity\_%' LOOP
        EXECUTE format('ALTER TABLE %I.%I
            DROP CONSTRAINT IF EXISTS capacity_history_row_check,
            ADD CONSTRAINT capacity_history_row_check_v2 CHECK (
                parcels >= 0
                AND date_bin(''1 hour'', hour, timestamptz ''2000-01-01 00:00:00+00'') = hour
                AND CASE kind WHEN ''outbound'' THEN carrier_id IS NULL WHEN ''sort'' THEN carrier_id IS NOT NULL WHEN ''pickup'' THEN carrier_id IS NOT NULL
                              WHEN ''bulky_sort'' THEN carrier_id IS NOT NULL WHEN ''bulky_pickup'' THEN carrier_id IS NOT NULL ELSE false END)',
            t.schemaname, t.tablename);
    END LOOP;
END $$;
