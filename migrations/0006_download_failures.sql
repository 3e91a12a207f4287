ALTER TABLE "downloads" ADD COLUMN "failed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "downloads" ADD COLUMN "failure_code" text;--> statement-breakpoint
ALTER TABLE "downloads" ADD COLUMN "failure_reason" text;