-- Hand-written USING: existing values are truncated, as the listings compared them until now (so a cursor
-- handed out before this migration still names the same position); new values are rounded by the type.
-- Rewrites the videos table and its indexes once, under an exclusive lock (seconds at 100k videos).
ALTER TABLE "videos" ALTER COLUMN "published_at" SET DATA TYPE timestamp (3) with time zone USING date_trunc('milliseconds', "published_at");
