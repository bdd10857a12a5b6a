-- Windows name their handling class (issue 25): a merchant may hand parcels and bulky goods to one
-- carrier at one warehouse, bound for one hub, in the same hours, and the two are reservations on
-- different capacity. bulky[i] says whether window i reserves bulky capacity; it is null when none
-- of the merchant's windows does (nearly every row), so parcel-only publications store nothing more.
ALTER TABLE merchant_windows
    ADD COLUMN bulky boolean[],
    ADD CONSTRAINT merchant_windows_bulky_check CHECK (bulky IS NULL OR cardinality(bulky) = cardinality(warehouse_ids));

-- The view of a row per window gains the class (a new last column keeps the view replaceable).
CREATE OR REPLACE VIEW shipment_windows AS
SELECT w.plan_run_id, w.merchant_id, x.warehouse_id, x.carrier_id, x.hub_id,
       w.base_at + make_interval(hours => x.start_hour) AS starts_at,
       w.base_at + make_interval(hours => x.start_hour + x.hours) AS ends_at,
       x.max_parcels,
       CASE WHEN x.bulky THEN 'bulky' ELSE 'parcel' END AS handling
FROM merchant_windows w
CROSS JOIN LATERAL unnest(w.warehouse_ids, w.carrier_ids, w.hub_ids, w.start_hours, w.hours, w.max_parcels, w.bulky)
    AS x(warehouse_id, carrier_id, hub_id, start_hour, hours, max_parcels, bulky);

-- A line-haul's bulky goods are a series of their own (they arrive on the destination hub's bulky
-- line, not its sorter). A region's status reads the parcels' series, as before.
ALTER TABLE plan_lane_loads ADD COLUMN bulky boolean NOT NULL DEFAULT false;
