-- Pre-sale demand signals and past campaigns' outcomes, partitioned by campaign (a partition is
-- created by the loader the first time a campaign appears). Incoming files are staged row by row,
-- as text, in a table of their own under schema "staging", validated set-based, then merged.

CREATE SCHEMA IF NOT EXISTS staging;

CREATE TABLE demand_signals (
    campaign_id     bigint NOT NULL REFERENCES campaigns (id),
    merchant_id     bigint NOT NULL REFERENCES merchants (id),
    warehouse_id    bigint NOT NULL REFERENCES warehouses (id),
    region_id       bigint NOT NULL REFERENCES regions (id),
    category        text NOT NULL,
    day             date NOT NULL,
    page_views      bigint,          -- null: unknown, which is not zero
    carts           bigint,
    favorites       bigint,
    deposits        bigint,
    presale_orders  bigint,
    upload_id       uuid NOT NULL,
    PRIMARY KEY (campaign_id, merchant_id, warehouse_id, region_id, category, day)
) PARTITION BY LIST (campaign_id);

CREATE TABLE demand_outcomes (
    campaign_id   bigint NOT NULL REFERENCES campaigns (id),
    merchant_id   bigint NOT NULL REFERENCES merchants (id),
    warehouse_id  bigint NOT NULL REFERENCES warehouses (id),
    carrier_id    bigint NOT NULL REFERENCES carriers (id),
    region_id     bigint NOT NULL REFERENCES regions (id),
    day           date NOT NULL,
    hour          smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
    parcels       bigint NOT NULL CHECK (parcels >= 0),
    upload_id     uuid NOT NULL,
    PRIMARY KEY (campaign_id, merchant_id, warehouse_id, carrier_id, region_id, day, hour)
) PARTITION BY LIST (campaign_id);

-- A day is YYYY-MM-DD naming a real date; checked without raising, so one pass finds every bad line.
-- CASE, not AND: SQL does not promise to evaluate the format test before the casts.
CREATE FUNCTION is_iso_date(t text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN t !~ '^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$' THEN false
        ELSE substr(t, 9, 2)::int <=
             extract(day FROM make_date(substr(t, 1, 4)::int, substr(t, 6, 2)::int, 1) + interval '1 month - 1 day')::int
    END
$$;
