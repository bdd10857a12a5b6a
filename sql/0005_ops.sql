-- Keys that protect the dashboard's session cookies and anti-forgery tokens, shared by every node,
-- so a session opened on one API node is honoured by the others.
CREATE TABLE data_protection_keys (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text NOT NULL,
    xml           text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
