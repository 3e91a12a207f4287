-- Hand-written: a generated column may only call immutable functions, and array_to_string is only stable
-- (for arrays of types whose text form can change). For text[] it cannot, so this wrapper says so.
CREATE FUNCTION vod_tags_text(tags text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_to_string(tags, ' ') $$;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "search_config" "regconfig" DEFAULT 'simple'::regconfig NOT NULL;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (
  setweight(to_tsvector(search_config, title) || to_tsvector('simple', title), 'A') ||
  setweight(to_tsvector(search_config, vod_tags_text(tags)) || to_tsvector('simple', vod_tags_text(tags)), 'B') ||
  setweight(to_tsvector(search_config, description) || to_tsvector('simple', description), 'C')) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "videos_search_idx" ON "videos" USING gin ("search_vector") WHERE status = 'ready' and visibility = 'public';--> statement-breakpoint
CREATE INDEX "videos_tags_idx" ON "videos" USING gin ("tags") WHERE status = 'ready' and visibility = 'public';--> statement-breakpoint
ALTER TABLE "videos" ADD CONSTRAINT "videos_tags_check" CHECK (cardinality("videos"."tags") <= 10);