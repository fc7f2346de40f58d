CREATE TABLE "probe_rollups" (
	"environment" text NOT NULL,
	"target" text NOT NULL,
	"kind" text NOT NULL,
	"instance" text DEFAULT '' NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	"errors" integer NOT NULL,
	"p50" double precision,
	"p95" double precision,
	"p99" double precision,
	"hit_rate" double precision,
	CONSTRAINT "probe_rollups_environment_target_instance_minute_pk" PRIMARY KEY("environment","target","instance","minute")
);
--> statement-breakpoint
CREATE TABLE "probe_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"environment" text NOT NULL,
	"target" text NOT NULL,
	"kind" text NOT NULL,
	"instance" text DEFAULT '' NOT NULL,
	"ok" boolean NOT NULL,
	"latency_ms" double precision NOT NULL,
	"value" double precision,
	"hit_rate" double precision,
	"error" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "probe_rollups_minute_idx" ON "probe_rollups" USING btree ("minute");--> statement-breakpoint
CREATE INDEX "probe_samples_series_idx" ON "probe_samples" USING btree ("environment","target","instance","at");--> statement-breakpoint
CREATE INDEX "probe_samples_at_idx" ON "probe_samples" USING btree ("at");