import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Role } from '@/lib/auth/roles';
import type { ChecklistDiff } from '@/lib/checklist/diff';
import type { Checklist } from '@/lib/checklist/model';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** Null for users who only sign in through single sign-on. */
    passwordHash: text('password_hash'),
    roles: text('roles').array().$type<Role[]>().notNull().default(sql`'{}'::text[]`),
    disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'date' }),
    /** Created with the CLI: may use the password form while LIFTOFF_PASSWORD_LOGIN is off. */
    breakGlass: boolean('break_glass').notNull().default(false),
    /** An admin allowed the first single sign-on with this user's email to link to this account. */
    ssoLinkAllowedAt: timestamp('sso_link_allowed_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email)],
);

/** A session row is keyed by the SHA-256 of its token: a database leak reveals no usable cookie. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** A person at an OpenID provider, keyed by issuer and subject (never by email), bound to one user. */
export const userIdentities = pgTable(
  'user_identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    email: text('email'),
    /** Which groups of the roles claim gave which role at the last sign-in (`group` null: the default role). */
    grants: jsonb('grants').$type<RoleGrant[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] }), index('user_identities_user_idx').on(t.userId)],
);

export interface RoleGrant {
  group: string | null;
  role: Role;
}

/** A sign-in in progress: keyed by the SHA-256 of a cookie, used once, gone after ten minutes. */
export const oidcLogins = pgTable(
  'oidc_logins',
  {
    id: text('id').primaryKey(),
    state: text('state').notNull(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    next: text('next').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('oidc_logins_expires_idx').on(t.expiresAt)],
);

/** What a session opened through single sign-on carries beyond a session: who, and the logout hint. */
export const ssoSessions = pgTable('sso_sessions', {
  sessionId: text('session_id')
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  issuer: text('issuer').notNull(),
  subject: text('subject').notNull(),
  /** Sent back as id_token_hint to the provider's end_session_endpoint at logout. */
  idToken: text('id_token'),
});

/**
 * Sign-in decisions worth an audit trail (provisioning, linking, refusals). Append-only like
 * `audit_events`: the migration's trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export const authEvents = pgTable(
  'auth_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    action: text('action').notNull(),
    reason: text('reason'),
    userId: text('user_id'),
    issuer: text('issuer'),
    subject: text('subject'),
    email: text('email'),
    detail: jsonb('detail'),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [index('auth_events_created_idx').on(t.createdAt)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    /** First characters of the key, shown in lists so a person can tell keys apart. */
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('api_keys_hash_key').on(t.keyHash), index('api_keys_user_idx').on(t.userId)],
);

/** A named checklist; its content lives in versions. */
export const templates = pgTable(
  'templates',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** Lower-cased name: re-importing the same name adds a version instead of a new template. */
    nameKey: text('name_key').notNull(),
    latestVersion: integer('latest_version').notNull(),
    builtin: boolean('builtin').notNull().default(false),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('templates_name_key').on(t.nameKey)],
);

/** One imported text of a template: the source verbatim and the parsed model. Never changed after insert. */
export const templateVersions = pgTable(
  'template_versions',
  {
    templateId: text('template_id')
      .notNull()
      .references(() => templates.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    source: text('source').notNull(),
    sourceHash: text('source_hash').notNull(),
    model: jsonb('model').$type<Checklist>().notNull(),
    /** Added / removed / changed items against the previous version. */
    changes: jsonb('changes').$type<VersionChanges | null>(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.version] })],
);

/** Added / removed / changed items against the previous version, as the importer computes them. */
export type VersionChanges = ChecklistDiff;

// ---------------------------------------------------------------------------------------------
// Runs. The run row holds only what a person sets on the run as a whole (fields, a terminal
// status); not_started / in_progress / completed / verified are derived at read time from the
// item rows and sign-offs, so ticking an item never writes to (or waits on) the run row.
// ---------------------------------------------------------------------------------------------

export type RunTerminalStatus = 'aborted' | 'rolled_back';
export type ItemState = 'open' | 'done' | 'skipped' | 'failed';
/** `system`: Liftoff itself (continuous checks, triggers), shown as "Liftoff". */
export type ActorKind = 'user' | 'apikey' | 'system';
/** A field's value: text for text fields, the picked options for choices, cells for tables. */
export type FieldValue = string | string[] | Record<string, Record<string, string>>;

export const runs = pgTable(
  'runs',
  {
    id: text('id').primaryKey(),
    templateId: text('template_id').notNull(),
    templateVersion: integer('template_version').notNull(),
    title: text('title').notNull(),
    environment: text('environment').notNull().default('local'),
    releaseVersion: text('release_version'),
    fields: jsonb('fields').$type<Record<string, FieldValue>>().notNull().default(sql`'{}'::jsonb`),
    /** Bumped by run-level writes (fields, status); item writes carry their own versions. */
    version: integer('version').notNull().default(1),
    terminalStatus: text('terminal_status').$type<RunTerminalStatus>(),
    statusReason: text('status_reason'),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
    /** Set once, by the first change to an item or field. */
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    /** Non-reference items: fixed by the template version, so the list needs no model to show progress. */
    itemTotal: integer('item_total').notNull(),
    /** A staged rollout run with gates: later stages stay locked until started (see run_stages). */
    gated: boolean('gated').notNull().default(false),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      columns: [t.templateId, t.templateVersion],
      foreignColumns: [templateVersions.templateId, templateVersions.version],
      name: 'runs_template_version_fk',
    }),
    index('runs_created_idx').on(t.createdAt),
    index('runs_template_idx').on(t.templateId, t.templateVersion),
    check('runs_terminal_status_check', sql`${t.terminalStatus} IN ('aborted', 'rolled_back')`),
  ],
);

/** One row per template item of a run; each row is versioned on its own. */
export const runItems = pgTable(
  'run_items',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    itemId: text('item_id').notNull(),
    /** Not counted as progress: reference items, and recurring items (they re-open every period). */
    reference: boolean('reference').notNull().default(false),
    /** The rollout stage the item belongs to, and its part in it; null outside stages. */
    stageId: text('stage_id'),
    stageRole: text('stage_role').$type<StageRole>(),
    /** Recurring items: the period, in milliseconds. */
    everyMs: integer('every_ms'),
    state: text('state').$type<ItemState>().notNull().default('open'),
    version: integer('version').notNull().default(1),
    byUserId: text('by_user_id'),
    byName: text('by_name'),
    byKind: text('by_kind').$type<ActorKind>(),
    /** 'check' when a bound check set the state; null for a person. */
    via: text('via').$type<'check'>(),
    stateAt: timestamp('state_at', { withTimezone: true, mode: 'date' }),
    note: text('note'),
    noteByName: text('note_by_name'),
    noteAt: timestamp('note_at', { withTimezone: true, mode: 'date' }),
    evidence: jsonb('evidence'),
    /** Re-run the bound check this often while the run is open; null when off. */
    reverifyEveryMs: integer('reverify_every_ms'),
    /** Who turned continuous verification on: the checks run in their name. */
    reverifyByUserId: text('reverify_by_user_id'),
    reverifyByName: text('reverify_by_name'),
    reverifiedAt: timestamp('reverified_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.itemId] }),
    index('run_items_reverify_idx').on(t.reverifiedAt).where(sql`${t.reverifyEveryMs} IS NOT NULL`),
    check('run_items_state_check', sql`${t.state} IN ('open', 'done', 'skipped', 'failed')`),
  ],
);

/** `gate`: a prerequisite of its stage; `step`: work of the stage; `recurring`: re-opens every period. */
export type StageRole = 'gate' | 'step' | 'recurring';

/**
 * The stages of a staged run, one row each. Locked / ready / active / finished is derived from
 * these rows and the item states; a row records only the start (who, when, forced with why).
 */
export const runStages = pgTable(
  'run_stages',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    stageId: text('stage_id').notNull(),
    position: integer('position').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    startedById: text('started_by_id'),
    startedByName: text('started_by_name'),
    forced: boolean('forced').notNull().default(false),
    forceReason: text('force_reason'),
    /** When its gate was first seen to pass (announced once, as `stage.gate_pass`). */
    gatePassedAt: timestamp('gate_passed_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.runId, t.stageId] })],
);

/** `recurring`: a recurring item's bound check, run once each period. */
export type WatchKind = 'trigger' | 'gate' | 'recurring';
/**
 * Triggers: ok → pending (bad, not yet for its `for`) → firing → acknowledged (silenced) →
 * resolved (cleared after firing). Gates: holding (the condition is true, since `since`) or ok
 * = not holding.
 */
export type WatchState = 'ok' | 'pending' | 'firing' | 'acknowledged' | 'resolved' | 'holding';

/**
 * Conditions a run watches over time: rollback triggers (a bad condition held `for` a while
 * fires) and soaking gate checks (a good condition held long enough opens the stage). The
 * monitor's leader evaluates the due ones; every change of state is also an audit event.
 */
export const runWatches = pgTable(
  'run_watches',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    /** `trigger:<trigger id>`, `gate:<item id>` or `recurring:<item id>`. */
    watchId: text('watch_id').notNull(),
    kind: text('kind').$type<WatchKind>().notNull(),
    stageId: text('stage_id').notNull(),
    check: text('check').notNull(),
    /** How long the condition must hold (trigger, gate); a recurring check's period. */
    forMs: integer('for_ms').notNull().default(0),
    state: text('state').$type<WatchState>().notNull().default('ok'),
    /** When the condition (bad for a trigger, good for a gate) began to hold; null when it does not. */
    since: timestamp('since', { withTimezone: true, mode: 'date' }),
    /** The last observed value (first instance's), and why it could not be evaluated. */
    value: jsonb('value'),
    error: text('error'),
    observedAt: timestamp('observed_at', { withTimezone: true, mode: 'date' }),
    nextAt: timestamp('next_at', { withTimezone: true, mode: 'date' }),
    firedAt: timestamp('fired_at', { withTimezone: true, mode: 'date' }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'date' }),
    ackUntil: timestamp('ack_until', { withTimezone: true, mode: 'date' }),
    ackNote: text('ack_note'),
    ackByName: text('ack_by_name'),
    /** Recent observations `[epochMs, value]`, newest last, for a sparkline against the threshold. */
    history: jsonb('history').$type<[number, number | null][]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [primaryKey({ columns: [t.runId, t.watchId] }), index('run_watches_next_idx').on(t.nextAt)],
);

/** One occurrence of a recurring item: its period's start, and who did it when (or the check). */
export const runOccurrences = pgTable(
  'run_occurrences',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    itemId: text('item_id').notNull(),
    periodStart: timestamp('period_start', { withTimezone: true, mode: 'date' }).notNull(),
    state: text('state').$type<ItemState>().notNull(),
    byUserId: text('by_user_id'),
    byName: text('by_name').notNull(),
    byKind: text('by_kind').$type<ActorKind>().notNull(),
    via: text('via').$type<'check'>(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    note: text('note'),
    evidence: jsonb('evidence'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.itemId, t.periodStart] })],
);

/** One row per signed sign-off role; unsigned roles have no row. */
export const runSignoffs = pgTable(
  'run_signoffs',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    /** The role as the template names it (`Product Owner`). */
    role: text('role').notNull(),
    /** The user role that may sign it (`po`), or `engineer` for a role that maps to none. */
    userRole: text('user_role').notNull(),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    comment: text('comment'),
    /** SHA-256 of the run snapshot alone: compared at read time to tell a stale sign-off. */
    snapshotHash: text('snapshot_hash').notNull(),
    /** SHA-256 of the snapshot followed by the signer's user id (and SSO issuer and subject). */
    signature: text('signature').notNull(),
    /** The OpenID issuer and subject of the session that signed; null for a local login. */
    issuer: text('issuer'),
    subject: text('subject'),
    signedAt: timestamp('signed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.role] }),
    // One person signs one row of a run; the database settles two racing signs.
    uniqueIndex('run_signoffs_signer_key').on(t.runId, t.userId),
  ],
);

/**
 * Append-only: a trigger in the migration refuses UPDATE, DELETE and TRUNCATE. The id doubles
 * as the Server-Sent Events id; ids can commit out of order, so readers also look back in time.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: text('run_id')
      .notNull()
      .references(() => runs.id),
    action: text('action').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    actorKind: text('actor_kind').$type<ActorKind>().notNull(),
    apiKeyId: text('api_key_id'),
    /** The item id or field key the event is about. */
    subject: text('subject'),
    before: jsonb('before'),
    after: jsonb('after'),
    note: text('note'),
    requestId: text('request_id'),
    createdAt: createdAt(),
  },
  (t) => [index('audit_events_run_idx').on(t.runId, t.id), index('audit_events_created_idx').on(t.createdAt)],
);

/** First responses of writes sent with an Idempotency-Key, per principal; pruned after 24 h. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** Null while the first request is still in its transaction. */
    response: jsonb('response'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.principal, t.key] }),
    index('idempotency_keys_created_idx').on(t.createdAt),
  ],
);

// ---------------------------------------------------------------------------------------------
// Monitor. The scheduler's leader probes every configured target on its interval and writes
// one raw sample per probe (kept 24 h) and, each minute, one rollup per target and instance
// (kept 30 days). Both are pruned by the leader; nothing else writes them.
// ---------------------------------------------------------------------------------------------

/** One probe of one target; http targets write one row per instance. */
export const probeSamples = pgTable(
  'probe_samples',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    environment: text('environment').notNull(),
    /** `kind:name`, as checks write it. */
    target: text('target').notNull(),
    kind: text('kind').notNull(),
    /** The http instance's name; '' for single-address targets (so it can be part of a key). */
    instance: text('instance').notNull().default(''),
    ok: boolean('ok').notNull(),
    latencyMs: doublePrecision('latency_ms').notNull(),
    /** Kind-specific figure: postgres cache hit ratio, http status, prometheus sample count. */
    value: doublePrecision('value'),
    /** Redis: keyspace hit rate since the previous sample; null when nothing was looked up. */
    hitRate: doublePrecision('hit_rate'),
    /** Short and credential-free (the probe envelope scrubs it). */
    error: text('error'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    // Latest samples per target/instance, and a target's series over a range.
    index('probe_samples_series_idx').on(t.environment, t.target, t.instance, t.at),
    // Rollups and pruning scan by time only.
    index('probe_samples_at_idx').on(t.at),
  ],
);

/** One minute of one target (and instance); latency percentiles are over successful probes. */
export const probeRollups = pgTable(
  'probe_rollups',
  {
    environment: text('environment').notNull(),
    target: text('target').notNull(),
    kind: text('kind').notNull(),
    instance: text('instance').notNull().default(''),
    minute: timestamp('minute', { withTimezone: true, mode: 'date' }).notNull(),
    count: integer('count').notNull(),
    errors: integer('errors').notNull(),
    p50: doublePrecision('p50'),
    p95: doublePrecision('p95'),
    p99: doublePrecision('p99'),
    hitRate: doublePrecision('hit_rate'),
  },
  (t) => [
    primaryKey({ columns: [t.environment, t.target, t.instance, t.minute] }),
    index('probe_rollups_minute_idx').on(t.minute),
  ],
);

// ---------------------------------------------------------------------------------------------
// Notifications. `notification_events` is the outbox: each row is written in the transaction
// of the change that caused it (a run write, the commit-time completion check, a health
// transition). The dispatcher on the scheduler's leader expands each event once into
// deliveries (one per channel and recipient) and in-app notifications, then sends the
// deliveries, recording every attempt.
// ---------------------------------------------------------------------------------------------

/** Who follows a run: they get its events in the app and, when an email channel exists, by email. */
export const runFollowers = pgTable(
  'run_followers',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.userId] }), index('run_followers_user_idx').on(t.userId)],
);

/** Who caused an event, as messages name them. */
export interface EventActor {
  userId: string | null;
  name: string;
  kind: ActorKind;
}

export const notificationEvents = pgTable(
  'notification_events',
  {
    /** Sent as the payload's `id`. */
    id: uuid('id').primaryKey().defaultRandom(),
    /** Commit order (roughly): expansion and the delivery log page by it. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    /** Known at write time for health events; run events take their run's at expansion. */
    environment: text('environment'),
    runId: text('run_id').references(() => runs.id),
    auditEventId: bigint('audit_event_id', { mode: 'number' }),
    actor: jsonb('actor').$type<EventActor>(),
    /** What the writer knew (item, roles, health reasons); the payload is rendered from it. */
    facts: jsonb('facts').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`clock_timestamp()`),
    /** The message every channel sends, fixed at expansion so retries send the same bytes. */
    payload: json('payload'),
    expandedAt: timestamp('expanded_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('notification_events_seq_key').on(t.seq),
    index('notification_events_pending_idx').on(t.seq).where(sql`${t.expandedAt} IS NULL`),
    index('notification_events_run_idx').on(t.runId),
  ],
);

export type DeliveryState = 'pending' | 'sending' | 'delivered' | 'failed' | 'dead';

/** One message to one channel (and, for a person's email, one address). Its id is X-Liftoff-Delivery. */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => notificationEvents.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    /** A person's address for follower email; '' for the channel's own destination. */
    recipient: text('recipient').notNull().default(''),
    userId: text('user_id'),
    state: text('state').$type<DeliveryState>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** pending/failed: when to try; sending: when the sender's lease runs out; null when finished. */
    dueAt: timestamp('due_at', { withTimezone: true, mode: 'date' }),
    /** The sender holding it: only that sender's result may finish it. */
    claimToken: text('claim_token'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('notification_deliveries_target_key').on(t.eventId, t.channel, t.recipient),
    index('notification_deliveries_due_idx').on(t.dueAt).where(sql`${t.dueAt} IS NOT NULL`),
    index('notification_deliveries_created_idx').on(t.createdAt),
    check(
      'notification_deliveries_state_check',
      sql`${t.state} IN ('pending', 'sending', 'delivered', 'failed', 'dead')`,
    ),
  ],
);

export type AttemptOutcome = 'sending' | 'delivered' | 'failed' | 'interrupted';

export const notificationAttempts = pgTable(
  'notification_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => notificationDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    outcome: text('outcome').$type<AttemptOutcome>().notNull(),
    statusCode: integer('status_code'),
    /** The first few hundred characters of the answer. */
    response: text('response'),
    error: text('error'),
    durationMs: doublePrecision('duration_ms'),
  },
  (t) => [uniqueIndex('notification_attempts_key').on(t.deliveryId, t.attempt)],
);

/** The in-app list behind the bell: one row per person and event. */
export const userNotifications = pgTable(
  'user_notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id')
      .notNull()
      .references(() => notificationEvents.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('user_notifications_key').on(t.userId, t.eventId),
    index('user_notifications_list_idx').on(t.userId, t.id),
  ],
);

/** Per environment: the health last announced, and when each kind of message last went out. */
export const healthAlertStates = pgTable('health_alert_states', {
  environment: text('environment').primaryKey(),
  /** healthy, degraded or unhealthy: what people were last told. */
  announced: text('announced').notNull(),
  reasons: jsonb('reasons').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  /** Event type → ISO time it was last sent, for suppressing repeats. */
  lastSent: jsonb('last_sent').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});
