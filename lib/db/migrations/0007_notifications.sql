CREATE TABLE "health_alert_states" (
	"environment" text PRIMARY KEY NOT NULL,
	"announced" text NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"last_sent" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"delivery_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" text NOT NULL,
	"status_code" integer,
	"response" text,
	"error" text,
	"duration_ms" double precision
);
--> statement-breakpoint
CREATE TABLE "notification_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"recipient" text DEFAULT '' NOT NULL,
	"user_id" text,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"due_at" timestamp with time zone,
	"claim_token" text,
	"last_status" integer,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "notification_deliveries_state_check" CHECK ("notification_deliveries"."state" IN ('pending', 'sending', 'delivered', 'failed', 'dead'))
);
--> statement-breakpoint
CREATE TABLE "notification_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"type" text NOT NULL,
	"environment" text,
	"run_id" text,
	"audit_event_id" bigint,
	"actor" jsonb,
	"facts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	"payload" json,
	"expanded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "run_followers" (
	"run_id" text NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_followers_run_id_user_id_pk" PRIMARY KEY("run_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "user_notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"event_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "notification_attempts" ADD CONSTRAINT "notification_attempts_delivery_id_notification_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."notification_deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_event_id_notification_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."notification_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_followers" ADD CONSTRAINT "run_followers_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_followers" ADD CONSTRAINT "run_followers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_notifications" ADD CONSTRAINT "user_notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_notifications" ADD CONSTRAINT "user_notifications_event_id_notification_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."notification_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notification_attempts_key" ON "notification_attempts" USING btree ("delivery_id","attempt");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_deliveries_target_key" ON "notification_deliveries" USING btree ("event_id","channel","recipient");--> statement-breakpoint
CREATE INDEX "notification_deliveries_due_idx" ON "notification_deliveries" USING btree ("due_at") WHERE "notification_deliveries"."due_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notification_deliveries_created_idx" ON "notification_deliveries" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_events_seq_key" ON "notification_events" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "notification_events_pending_idx" ON "notification_events" USING btree ("seq") WHERE "notification_events"."expanded_at" IS NULL;--> statement-breakpoint
CREATE INDEX "notification_events_run_idx" ON "notification_events" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "run_followers_user_idx" ON "run_followers" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "user_notifications_key" ON "user_notifications" USING btree ("user_id","event_id");--> statement-breakpoint
CREATE INDEX "user_notifications_list_idx" ON "user_notifications" USING btree ("user_id","id");--> statement-breakpoint
-- Hand-written: a run becomes ready for sign-off when a tick leaves no counted item open. The
-- check runs at commit (a deferred trigger, so it costs the tick no round trip) under a per-run
-- advisory lock, and its query takes a fresh snapshot after the lock: of two last ticks that
-- commit together, the second sees the first and writes the event, in its own transaction.
CREATE OR REPLACE FUNCTION "run_items_ready_for_signoff"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_advisory_xact_lock(7214003, hashtext(NEW."run_id"));
	IF EXISTS (
		SELECT 1 FROM "run_items"
		WHERE "run_id" = NEW."run_id" AND NOT "reference" AND "state" NOT IN ('done', 'skipped')
	) THEN
		RETURN NULL;
	END IF;
	INSERT INTO "notification_events" ("type", "environment", "run_id", "audit_event_id", "actor", "facts")
	SELECT 'run.ready_for_signoff', r."environment", r."id",
		(SELECT max(a."id") FROM "audit_events" a WHERE a."run_id" = r."id" AND a."subject" = NEW."item_id"),
		jsonb_build_object('userId', NEW."by_user_id", 'name', NEW."by_name", 'kind', NEW."by_kind"),
		jsonb_build_object('itemId', NEW."item_id")
	FROM "runs" r
	WHERE r."id" = NEW."run_id" AND r."terminal_status" IS NULL;
	RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "run_items_ready_for_signoff" AFTER UPDATE OF "state" ON "run_items"
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN (NEW."state" IN ('done', 'skipped') AND OLD."state" NOT IN ('done', 'skipped') AND NOT NEW."reference")
	EXECUTE FUNCTION "run_items_ready_for_signoff"();
