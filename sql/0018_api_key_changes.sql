-- A change to a key is announced on api_keys_changed with its prefix: every node's key cache
-- forgets that prefix at once, so a revoked key stops working everywhere within a second (it used
-- to keep working for the cache's 30 s), and a key created after its prefix was found unknown is
-- not refused by the brief cache of unknown prefixes.
CREATE FUNCTION api_keys_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('api_keys_changed', CASE WHEN TG_OP = 'DELETE' THEN OLD.prefix ELSE NEW.prefix END);
    RETURN NULL;
END
$$;

CREATE TRIGGER api_keys_announce_change
    AFTER INSERT OR UPDATE OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION api_keys_announce_change();
