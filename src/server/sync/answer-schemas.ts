import { Type } from '@sinclair/typebox';
import type { Static, TObject, TProperties, TSchema } from '@sinclair/typebox';
import {
  conflictEntrySchema,
  linkSchema,
  runRecordProperties,
  runRecordSchema,
  skipEntrySchema,
} from './record-schemas.js';
import { cursorSchema, settingsSchema } from './schemas.js';
import { nullable, typed } from './schema-kit.js';
import type { RunRecord } from '../../core/records.js';
import { WAIT_REASONS } from '../../core/run-waits.js';
import { ErrorBody, NoContent } from '../error-schema.js';
import type { RunView } from './run-manager-types.js';

/**
 * Response schemas of the sync API (issue 13 §5): the OpenAPI document shows each answer, and the
 * serializer writes it. The serializer writes only what a schema names, so a shape lives in one
 * place: the records the state API stores reuse their request schemas (record-schemas.ts), and
 * the pane's views of them (worded texts, derived fields) name the fields they are known by and
 * pass the rest as built (`view`). test/support/serialized-answers.ts fails a harness test whose
 * answer lost or changed anything in serialization.
 */

const open = { additionalProperties: true } as const;
/** A view built on a record: its named fields, and the rest of what the handler built as is. */
const view = <P extends TProperties = Record<never, TSchema>>(props: P = {} as P, description?: string) =>
  Type.Unsafe<Static<TObject<P>>>(
    Type.Object(props, { ...open, ...(description === undefined ? {} : { description }) }),
  );
const text = () => Type.String();

/** 204: stored, no body (error-schema.ts NoContent). */
export const noContent = { 204: NoContent } as const;

/** A keyset page (state-helpers.ts pageBody): `name` holds the items, `next` the key after. */
const page = (name: string, item: TSchema, more: Record<string, TSchema> = {}) =>
  Type.Object({
    [name]: Type.Array(item),
    next: nullable(Type.String()),
    '@odata.nextLink': Type.Optional(Type.String()),
    ...more,
  });

export const meAnswer = Type.Object({
  userId: text(),
  upn: text(),
  name: text(),
  oid: text(),
  /** The BC company the user's sync state belongs to (F86); null before a run named one. */
  companyId: nullable(Type.String()),
});
export const settingsAnswer = settingsSchema;
export const filterFieldsAnswer = Type.Object({ fields: Type.Array(text()) });
export const scopePreviewAnswer = view(
  { total: Type.Integer(), matching: Type.Integer() },
  'core/scope.ts ScopePreview',
);
export const folderPreviewAnswer = view(
  { move: text(), from: nullable(Type.String()), exists: Type.Boolean() },
  'core/views.ts FolderPreview',
);
/** `GET /sync/v1/me`, as the pane reads it (taskpane/api/types.ts imports the type). */
export type Me = Static<typeof meAnswer>;

/** `GET /sync/v1/schedule`: whether the facade runs schedules, the user's interval, the next due time. */
export const scheduleAnswer = Type.Object({
  enabled: Type.Boolean(),
  /** The interval GET /settings answers (the defaults until saved). */
  scheduleMinutes: Type.Integer(),
  /** Whether the user saved settings: the scheduler runs only saved ones. */
  saved: Type.Boolean(),
  /** ISO time; at or before now means due (the scheduler's minute tick takes it). Null: off. */
  nextRunAt: nullable(Type.String()),
});
/** The schedule as the pane reads it (taskpane/api/types.ts imports the type). */
export type ScheduleView = Static<typeof scheduleAnswer>;

/** The pane's lists: links of the folder, conflicts and skipped contacts as worded views. */
export const linksAnswer = page('links', linkSchema, { folderId: nullable(Type.String()) });
export const skippedViewAnswer = page('skipped', view({ text: text(), hint: text() }));
export const conflictsViewAnswer = page('conflicts', view(), {
  limits: Type.Object({ settled: Type.Integer() }),
});
export const resolveAnswer = Type.Object({ result: view() });

/** A run as the pane's API shows it: the record (worded) and, for one run, its live state. */
const runView = typed<RunRecord>(
  view(runRecordProperties, 'The run record (state API), as the pane reads it'),
);
export const runAnswer = typed<Omit<RunRecord, 'progress'> & Omit<RunView, 'record'>>(
  view(
    {
      ...runRecordProperties,
      // Live progress by phase (run-manager-types.ts RunView), not the record's list of checkpoints.
      progress: view(),
      // What the run waits for now (core/run-waits.ts): a reason code and the wait's end, ISO 8601.
      waiting: nullable(
        Type.Object({ reason: Type.Union(WAIT_REASONS.map((r) => Type.Literal(r))), until: Type.String() }),
      ),
      active: Type.Boolean(),
      cancelRequested: Type.Boolean(),
    },
    'The run record with its live progress',
  ),
);
export const runEnvelope = Type.Object({ run: runAnswer });
/** `POST /runs` refused because a run is active: the one error body, and that run beside it. */
export const runInProgressAnswer = Type.Object(
  { ...ErrorBody.properties, run: nullable(runAnswer) },
  { additionalProperties: true, description: 'RunInProgress, with the active run (null: run elsewhere)' },
);
export const runsAnswer = Type.Object({ runs: Type.Array(runView) });
/**
 * Pre-serialized or streamed answers: documented by content type; Fastify's serializer never sees
 * them (a dry run's plan is written as JSON text in slices, plan-body.ts; events are a stream).
 */
export const planAnswer = {
  content: { 'application/json': { schema: view({}, 'The plan of a dry run (plan-body.ts)') } },
};
export const eventsAnswer = {
  content: { 'text/event-stream': { schema: Type.String({ description: 'Run events (SSE)' }) } },
};

export const senderContactsAnswer = Type.Object({ contacts: Type.Array(view()) });
export const senderAddAnswer = view({ created: Type.Boolean(), contact: view() });

/** The state API (the engine's store over HTTP): the stored records as stored. */
export const stateSettingsAnswer = Type.Object({ settings: nullable(settingsSchema) });
export const cursorAnswer = Type.Object({ cursor: nullable(cursorSchema) });
export const stateLinksAnswer = page('links', linkSchema);
export const foundLinksAnswer = Type.Object({ links: Type.Array(linkSchema) });
export const countAnswer = Type.Object({ count: Type.Integer() });
export const statePendingAnswer = page('bcIds', text());
export const stateRunAnswer = Type.Object({ run: nullable(runRecordSchema) });
export const stateRunsAnswer = Type.Object({ runs: Type.Array(runRecordSchema) });
export const stateConflictsAnswer = page('conflicts', conflictEntrySchema);
export const stateSkippedAnswer = page('skipped', skipEntrySchema);
/**
 * A lease route's answer (core/lease-fence.ts: taken, or who holds it). `expiresAt` (ISO UTC, the
 * facade's clock): when a lease taken or renewed ends at the latest, as granted — a create turn may
 * be granted less than asked (turn-holds.ts) — so its kept answer is sent again only until then
 * (replay.ts leaseReplay, review RV2).
 */
export const leaseAnswer = view(
  { ok: Type.Boolean(), expiresAt: Type.Optional(Type.String({ format: 'date-time' })) },
  'core/lease-fence.ts: taken, or who holds it',
);
