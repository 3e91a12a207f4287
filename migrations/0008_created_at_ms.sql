-- Hand-written USING: existing values are truncated, as the owner's listing compared them until now (so a cursor
-- handed out before this migration still names the same position); new values are rounded by the type.
-- The index is dropped first so the rewrite does not maintain it, and built once after with the id, which the
-- listing's tie-break and cursor need. Rewrites the videos table once, under an exclusive lock (seconds at 100k videos).
DROP INDEX "videos_owner_idx";--> statement-breakpoint
ALTER TABLE "videos" ALTER COLUMN "created_at" SET DATA TYPE timestamp (3) with time zone USING date_trunc('milliseconds', "created_at");--> statement-breakpoint
ALTER TABLE "videos" ALTER COLUMN "created_at" SET DEFAULT now();--> statement-breakpoint
CREATE INDEX "videos_owner_idx" ON "videos" USING btree ("owner_id","created_at","id");
