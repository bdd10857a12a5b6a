-- Background jobs move from Quartz.NET to Hangfire. Hangfire.PostgreSql keeps its own tables in
-- schema "hangfire", installed by `logistics migrate` from the package's scripts (after these
-- files, under the same lock); this file adds what our side needs and removes Quartz's schema.

-- The recurring jobs' schedules as ops left them: Hangfire's recurring jobs are set from here at
-- every start, and a feature's default is stored only when its job has no row, so an edited cron
-- survives deploys. Hangfire has no pause: a paused job is taken out of Hangfire and put back on resume.
CREATE TABLE job_schedules (
    job_id      text PRIMARY KEY,
    cron        text NOT NULL,          -- Hangfire's form: 5 fields, or 6 with seconds first; day-of-week 0-6 from Sunday
    time_zone   text NOT NULL DEFAULT 'UTC',
    paused      boolean NOT NULL DEFAULT false,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    changed_by  text NOT NULL
);

-- The Hangfire job that loads an upload.
ALTER TABLE uploads ADD COLUMN job_id text;

-- A schedule ops edited (or paused) on the old dashboard carries over. Quartz crons have seconds
-- first and number the days of the week 1-7 from Sunday; Hangfire's (Cronos) 0-6 from Sunday.
-- Names (MON-FRI), '?', 'L' and steps mean the same. A cron with a year field is not carried over:
-- the job starts again from its default.
CREATE FUNCTION pg_temp.quartz_cron_to_hangfire(quartz text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    f text[] := regexp_split_to_array(btrim(quartz), '\s+');
    dow text := '';
    token text;
    after text := '';   -- the character before the token: a number after '/' is a step, after '#' the nth week
BEGIN
    IF array_length(f, 1) = 7 AND f[7] <> '*' THEN RETURN NULL; END IF;
    IF array_length(f, 1) NOT IN (6, 7) THEN RETURN NULL; END IF;
    FOR token IN SELECT m[1] FROM regexp_matches(f[6], '([0-9]+|[^0-9])', 'g') AS m LOOP
        IF token ~ '^[0-9]+$' AND after NOT IN ('/', '#') THEN
            dow := dow || (token::int - 1)::text;
        ELSE
            dow := dow || token;
        END IF;
        after := right(token, 1);
    END LOOP;
    RETURN array_to_string(f[1:5] || dow, ' ');
END $$;

DO $$
BEGIN
    IF to_regclass('quartz.qrtz_cron_triggers') IS NOT NULL AND to_regclass('quartz.qrtz_triggers') IS NOT NULL THEN
        INSERT INTO job_schedules (job_id, cron, paused, changed_by)
        SELECT m.job_id, pg_temp.quartz_cron_to_hangfire(c.cron_expression), t.trigger_state = 'PAUSED', 'carried over from the Quartz schedule'
        FROM quartz.qrtz_triggers t
        JOIN quartz.qrtz_cron_triggers c USING (sched_name, trigger_name, trigger_group)
        JOIN (VALUES ('maintenance', 'retention.schedule', 'maintenance.retention'),
                     ('planning', 'plan.schedule', 'planning.plan'),
                     ('ingest', 'capacity-sweep.schedule', 'ingest.capacity-sweep')) AS m (trigger_group, trigger_name, job_id)
          ON m.trigger_group = t.trigger_group AND m.trigger_name = t.trigger_name
        WHERE (t.description = 'edited in the dashboard' OR t.trigger_state = 'PAUSED')
          AND pg_temp.quartz_cron_to_hangfire(c.cron_expression) IS NOT NULL
        ON CONFLICT (job_id) DO NOTHING;
    END IF;
END $$;

DROP SCHEMA IF EXISTS quartz CASCADE;

DROP FUNCTION pg_temp.quartz_cron_to_hangfire(text);
