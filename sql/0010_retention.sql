-- Retention trims the oldest alert events. What it removed is remembered here, per feed, so that
-- positions are never reused, a feed's head never moves back, and a cursor from before the trim
-- is told it expired (410) instead of silently skipping events it never saw.
CREATE TABLE alert_feed_trims (
    feed     text PRIMARY KEY,      -- 'all' (any event), 'network' (network-wide events), or 'm:<merchant id>'
    through  bigint NOT NULL CHECK (through >= 0)   -- the highest removed position of that feed
);
