-- What a national publication spent where PostgreSQL could do less (benchmark `planning`: a run
-- writes some 220,000 alerts and as many events, and a row of 210 alert ids and 210 feed positions
-- on average for each of 100,000 merchants).

-- Each alert and event was checked against its campaign and run, an SPI lookup per row and key:
-- about a third of copying the alerts. The ids come from the publishing transaction itself;
-- campaigns are never deleted, and retention deletes a run only when no alert or event names it
-- (RetentionSql.Runs). The alert engine's state was parsed into jsonb although only the next run
-- reads it, as text (SnapshotReader).
ALTER TABLE alerts
    DROP CONSTRAINT alerts_campaign_id_fkey,
    DROP CONSTRAINT alerts_plan_run_id_fkey,
    ALTER COLUMN state TYPE text;
ALTER TABLE alert_events DROP CONSTRAINT alert_events_campaign_id_fkey;

-- A merchant's alert ids and feed positions (a few kB) are compressed when stored: with pglz, the
-- default, that was three quarters of copying them. lz4 where the server has it, as for the windows.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE merchant_alerts ALTER COLUMN alert_ids SET COMPRESSION lz4;
        ALTER TABLE merchant_feed ALTER COLUMN positions SET COMPRESSION lz4;
    END IF;
END $$;
