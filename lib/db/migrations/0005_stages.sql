CREATE TABLE "run_occurrences" (
	"run_id" text NOT NULL,
	"item_id" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"by_user_id" text,
	"by_name" text NOT NULL,
	"by_kind" text NOT NULL,
	"via" text,
	"at" timestamp with time zone NOT NULL,
	"note" text,
	"evidence" jsonb,
	CONSTRAINT "run_occurrences_run_id_item_id_period_start_pk" PRIMARY KEY("run_id","item_id","period_start")
);
--> statement-breakpoint
CREATE TABLE "run_stages" (
	"run_id" text NOT NULL,
	"stage_id" text NOT NULL,
	"position" integer NOT NULL,
	"started_at" timestamp with time zone,
	"started_by_id" text,
	"started_by_name" text,
	"forced" boolean DEFAULT false NOT NULL,
	"force_reason" text,
	CONSTRAINT "run_stages_run_id_stage_id_pk" PRIMARY KEY("run_id","stage_id")
);
--> statement-breakpoint
CREATE TABLE "run_watches" (
	"run_id" text NOT NULL,
	"watch_id" text NOT NULL,
	"kind" text NOT NULL,
	"stage_id" text NOT NULL,
	"check" text NOT NULL,
	"for_ms" integer DEFAULT 0 NOT NULL,
	"state" text DEFAULT 'ok' NOT NULL,
	"since" timestamp with time zone,
	"value" jsonb,
	"error" text,
	"observed_at" timestamp with time zone,
	"next_at" timestamp with time zone,
	"fired_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"ack_until" timestamp with time zone,
	"ack_note" text,
	"ack_by_name" text,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "run_watches_run_id_watch_id_pk" PRIMARY KEY("run_id","watch_id")
);
--> statement-breakpoint
ALTER TABLE "run_items" ADD COLUMN "stage_id" text;--> statement-breakpoint
ALTER TABLE "run_items" ADD COLUMN "stage_role" text;--> statement-breakpoint
ALTER TABLE "run_items" ADD COLUMN "every_ms" integer;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "gated" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "run_occurrences" ADD CONSTRAINT "run_occurrences_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_stages" ADD CONSTRAINT "run_stages_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_watches" ADD CONSTRAINT "run_watches_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "run_watches_next_idx" ON "run_watches" USING btree ("next_at");