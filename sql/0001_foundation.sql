-- The network, campaigns, API keys and upload records. Later features add their own files.

CREATE SCHEMA IF NOT EXISTS quartz;   -- Quartz provisions its tables here at start

CREATE TABLE regions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE,
    name        text NOT NULL
);

CREATE TABLE carriers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE,
    name        text NOT NULL
);

CREATE TABLE hubs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE,
    name        text NOT NULL,
    carrier_id  bigint NOT NULL REFERENCES carriers (id),
    region_id   bigint REFERENCES regions (id)
);

CREATE TABLE warehouses (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE,
    name        text NOT NULL,
    region_id   bigint REFERENCES regions (id)
);

CREATE TABLE merchants (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE,
    name        text NOT NULL,
    region_id   bigint REFERENCES regions (id)
);

-- A carrier's pickup lane from a warehouse to one of its own hubs.
CREATE TABLE lanes (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    warehouse_id   bigint NOT NULL REFERENCES warehouses (id),
    hub_id         bigint NOT NULL REFERENCES hubs (id),
    carrier_id     bigint NOT NULL REFERENCES carriers (id),
    name           text NOT NULL,
    transit_hours  integer NOT NULL DEFAULT 24 CHECK (transit_hours BETWEEN 0 AND 720),
    UNIQUE (warehouse_id, hub_id)
);

CREATE TABLE merchant_warehouses (
    merchant_id   bigint NOT NULL REFERENCES merchants (id),
    warehouse_id  bigint NOT NULL REFERENCES warehouses (id),
    name          text NOT NULL DEFAULT '',
    PRIMARY KEY (merchant_id, warehouse_id)
);
CREATE INDEX merchant_warehouses_by_warehouse ON merchant_warehouses (warehouse_id);

CREATE TABLE campaigns (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code               text NOT NULL UNIQUE,
    name               text NOT NULL,
    time_zone          text NOT NULL,
    sale_days          date[] NOT NULL,
    horizon_start      date NOT NULL,
    horizon_end        date NOT NULL,
    ship_within_hours  integer NOT NULL DEFAULT 72 CHECK (ship_within_hours > 0),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CHECK (horizon_end >= horizon_start)
);

-- Only the SHA-256 of a key is stored; `prefix` is the key's public, non-secret head used to
-- find the row, after which the hash is compared in constant time.
CREATE TABLE api_keys (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    prefix       text NOT NULL UNIQUE,
    key_hash     bytea NOT NULL CHECK (length(key_hash) = 32),
    role         text NOT NULL CHECK (role IN ('merchant', 'carrier', 'ops')),
    read_only    boolean NOT NULL DEFAULT false,
    merchant_id  bigint REFERENCES merchants (id),
    carrier_id   bigint REFERENCES carriers (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    CHECK ((role = 'merchant') = (merchant_id IS NOT NULL)),
    CHECK ((role = 'carrier') = (carrier_id IS NOT NULL))
);

-- Every file that came in, by API, CLI or inbox, and what became of it.
CREATE TABLE uploads (
    id               uuid PRIMARY KEY,
    kind             text NOT NULL CHECK (kind IN ('campaigns', 'network', 'capacity', 'signals', 'outcomes')),
    status           text NOT NULL CHECK (status IN ('queued', 'processing', 'accepted', 'rejected')),
    source           text NOT NULL CHECK (source IN ('api', 'cli', 'inbox')),
    api_key_id       bigint REFERENCES api_keys (id),
    carrier_id       bigint REFERENCES carriers (id),
    idempotency_key  text,
    body_sha256      bytea NOT NULL,
    content_type     text NOT NULL,
    file_name        text,
    body_bytes       bigint NOT NULL,
    rows_total       bigint,
    rows_applied     bigint,
    error_count      integer NOT NULL DEFAULT 0,
    errors           jsonb NOT NULL DEFAULT '[]',
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz
);
-- Same key from the same caller = the same upload.
CREATE UNIQUE INDEX uploads_idempotency ON uploads (kind, coalesce(api_key_id, 0), idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX uploads_recent ON uploads (created_at DESC);
