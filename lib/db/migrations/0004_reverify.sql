ALTER TABLE "run_items" ADD COLUMN "reverify_every_ms" integer;--> statement-breakpoint
ALTER TABLE "run_items" ADD COLUMN "reverify_by_user_id" text;--> statement-breakpoint
ALTER TABLE "run_items" ADD COLUMN "reverify_by_name" text;--> statement-breakpoint
ALTER TABLE "run_items" ADD COLUMN "reverified_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "run_items_reverify_idx" ON "run_items" USING btree ("reverified_at") WHERE "run_items"."reverify_every_ms" IS NOT NULL;