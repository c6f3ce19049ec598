import { Type } from '@sinclair/typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import { FILTERABLE_FIELDS, FILTER_LIMITS } from '../../core/filter/index.js';
import { CONFLICT_POLICIES } from '../../core/merge.js';
import { SYNC_FIELDS } from '../../core/model.js';
import { OUTLOOK_ONLY_PROPERTIES } from '../../core/outlook-only.js';
import { FOLDER_NAME, SCHEDULE_MINUTES } from '../../core/settings-rules.js';
import { STATE_LIMITS } from '../../core/state-limits.js';

/**
 * TypeBox schemas of the sync API bodies: Fastify validates requests with them (400 with what and
 * where) and @fastify/swagger turns them into the OpenAPI document. Every string has a maxLength and
 * every array a maxItems (issue 10 §3), so no body holds more than these shapes allow; the body's
 * byte size is bounded by the route's bodyLimit on top (README "Limits"). No response schemas: the
 * serializer would silently drop any field a schema forgot.
 */

/** The documented maxima, one place (README "Limits" lists them). */
export const SYNC_BODY_LIMITS = {
  /** An id: a BC GUID, a Graph id (about 150 characters), a run id, a skip key. */
  id: 500,
  /** A contact field's value, as either side holds it (BC's longest synced field has 100). */
  fieldValue: 4000,
  /** A message or a display name. */
  text: 4000,
  /** Ids in one list (links/find, deletes, removals). */
  ids: 10_000,
  /** Links in one upsert (the client sends chunks of at most this). */
  links: 1000,
  /** Conflicts, skipped entries and run errors in one request. */
  entries: 10_000,
  /** Values in one array inside a skip reason (fields, ids). */
  reasonItems: 100,
} as const;

const L = SYNC_BODY_LIMITS;
const Id = (min = 0) => Type.String({ minLength: min, maxLength: L.id });
const Text = () => Type.String({ maxLength: L.text });
const Value = () => Type.String({ maxLength: L.fieldValue });
const closed = { additionalProperties: false } as const;
const oneOf = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

const SyncFields = Type.Object(Object.fromEntries(SYNC_FIELDS.map((f) => [f, Value()])), closed);

const linkSchema = Type.Object(
  {
    bcId: Id(),
    outlookId: Id(),
    base: SyncFields,
    bcEtag: Id(),
    outlookChangeKey: Id(),
    // Issue 8 §1: the Outlook-only e-mails and phones seen at the last sync (absent: not known).
    outlookOwn: Type.Optional(
      Type.Object(
        {
          emails: Type.Array(Value(), { maxItems: 10 }),
          phones: Type.Array(Value(), { maxItems: 10 }),
          // BC values Outlook's full list had no room for yet (outlookListFull).
          waiting: Type.Optional(
            Type.Object(
              {
                email: Type.Optional(Value()),
                email2: Type.Optional(Value()),
                phoneNumber: Type.Optional(Value()),
              },
              closed,
            ),
          ),
        },
        closed,
      ),
    ),
  },
  closed,
);

const count = () => Type.Integer({ minimum: 0 });
const SideCounts = Type.Object({ created: count(), updated: count(), deleted: count() }, closed);
/**
 * Unions as JSON-schema type lists, not anyOf: Fastify's Ajv coerces types, and inside anyOf the
 * first branch would coerce (null became '', 50 became '50') before the right branch is tried.
 */
const nullable = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type as string, 'null'] });

export const runRecordSchema = Type.Object(
  {
    id: Id(1),
    userId: Id(),
    folderName: Type.String({ maxLength: FOLDER_NAME.max }),
    // The folder the run synced (issue 9 §2); absent in records from before it was kept.
    folderId: Type.Optional(Id()),
    mode: oneOf(['delta', 'full']),
    dryRun: Type.Boolean(),
    trigger: oneOf(['pane', 'schedule', 'cli', 'api']),
    status: oneOf(['running', 'succeeded', 'failed', 'cancelled', 'held', 'interrupted']),
    startedAt: Id(),
    finishedAt: nullable(Id()),
    durationMs: Type.Number({ minimum: 0 }),
    counts: Type.Object({ bc: SideCounts, outlook: SideCounts }, closed),
    skipped: count(),
    conflicts: count(),
    // core/records.ts RunError: a code with parameters; `message` only in records from before codes.
    errors: Type.Array(
      Type.Object(
        {
          side: oneOf(['bc', 'outlook', 'run']),
          id: Id(),
          code: Type.Optional(Id()),
          params: Type.Optional(
            // Number first: the body is coerced, and a status must stay a number.
            Type.Object({}, { maxProperties: 10, additionalProperties: Type.Union([Type.Number(), Id()]) }),
          ),
          message: Type.Optional(Text()),
        },
        closed,
      ),
      { maxItems: L.entries },
    ),
    held: nullable(
      Type.Object(
        {
          kind: Type.Optional(oneOf(['massDelete', 'bcEmpty'])),
          deletes: Type.Number(),
          folderSize: Type.Number(),
          share: Type.Number(),
        },
        closed,
      ),
    ),
    graph: nullable(Type.Object({ requests: Type.Number(), throttled: Type.Number() }, closed)),
    progress: Type.Optional(
      Type.Array(
        Type.Object(
          {
            phase: oneOf(['reading', 'planning', 'bc', 'outlook', 'links']),
            done: count(),
            total: count(),
          },
          closed,
        ),
        { maxItems: 5 },
      ),
    ),
  },
  closed,
);

/** A scope reason (core/scope.ts OutOfScopeReason): `{kind, fields?}`. */
const scopeReason = Type.Object(
  {
    kind: Id(),
    fields: Type.Optional(Type.Array(Id(), { maxItems: FILTERABLE_FIELDS.length })),
  },
  closed,
);

const fieldConflict = Type.Object(
  {
    field: oneOf(SYNC_FIELDS),
    base: Value(),
    bc: Value(),
    outlook: Value(),
    winner: oneOf(['bc', 'outlook', 'none']),
  },
  closed,
);

const conflictEntrySchema = Type.Object(
  {
    bcId: Id(),
    outlookId: Id(),
    record: Type.Object(
      {
        kind: oneOf(['fields', 'deletedInBc']),
        displayName: Text(),
        // core/merge.ts DeletionCause: a code with parameters, worded by the edge.
        reason: Type.Optional(
          Type.Object(
            {
              kind: oneOf(['bcDeleted', 'outOfScope']),
              reasons: Type.Optional(Type.Array(scopeReason, { maxItems: L.reasonItems })),
            },
            closed,
          ),
        ),
        detectedAt: Type.Optional(Id()),
        fields: Type.Array(fieldConflict, { maxItems: SYNC_FIELDS.length }),
        // core/outlook-only.ts: what a copy BC no longer holds keeps that BC has no field for (F54).
        outlookOnly: Type.Optional(
          Type.Object(
            {
              properties: Type.Array(oneOf(OUTLOOK_ONLY_PROPERTIES), {
                maxItems: OUTLOOK_ONLY_PROPERTIES.length,
              }),
              emails: Type.Array(Value(), { maxItems: 10 }),
              phones: Type.Array(Value(), { maxItems: 10 }),
            },
            closed,
          ),
        ),
      },
      closed,
    ),
  },
  closed,
);

/**
 * A skip reason (core/records.ts SkipReason) is a tagged union whose own fields are kept as sent:
 * bounded here by shape (a few scalars, short arrays of ids, names or scope reasons).
 */
/** An id or a scope reason (`{kind, fields?}`) in one of the reason's arrays. */
const reasonItem = Type.Unsafe({
  type: ['string', 'object'],
  maxLength: L.id,
  required: ['kind'],
  additionalProperties: false,
  properties: { kind: Id(), fields: Type.Array(Id(), { maxItems: FILTERABLE_FIELDS.length }) },
});
const skipReason = Type.Object(
  { kind: Type.String({ minLength: 1, maxLength: 100 }) },
  {
    maxProperties: 10,
    additionalProperties: Type.Unsafe({
      type: ['string', 'number', 'boolean', 'array'],
      maxLength: L.fieldValue,
      maxItems: L.reasonItems,
      items: reasonItem,
    }),
  },
);

const skipEntrySchema = Type.Object(
  {
    key: Id(),
    record: Type.Object(
      {
        side: oneOf(['bc', 'outlook']),
        bcId: Id(),
        bcNumber: Type.Optional(Id()),
        outlookId: Id(),
        displayName: Text(),
        reason: skipReason,
        // Every further reason of the contact (issue 8: all are listed).
        more: Type.Optional(Type.Array(skipReason, { maxItems: SYNC_FIELDS.length + 4 })),
      },
      closed,
    ),
  },
  closed,
);

/**
 * A contact filter: field → BC filter expression. The parser (core/filter/parse.ts) bounds each
 * expression's length, values and nesting; the length is checked here already, before parsing.
 * Unknown field names are refused by compileFilter with the list of known ones.
 */
export const filterSchema = Type.Object(
  {},
  {
    maxProperties: FILTERABLE_FIELDS.length,
    propertyNames: { maxLength: 100 },
    additionalProperties: Type.String({ maxLength: FILTER_LIMITS.length }),
  },
);

/** The cursor's filter fingerprint (core/run.ts filterKey): JSON of the filter, escapes at most 6×. */
const FILTER_KEY_MAX = FILTERABLE_FIELDS.length * (6 * FILTER_LIMITS.length + 200);

export const settingsSchema = Type.Object(
  {
    // The body bound only: a longer name than FOLDER_NAME.max is refused by checkSettings with the
    // rule as data ({kind: 'tooLong', max}), which the pane words in the user's language.
    folderName: Type.String({
      minLength: 1,
      maxLength: L.text,
      description: `At most ${FOLDER_NAME.max} characters (else 400 InvalidSettings, detail kind tooLong)`,
    }),
    filter: filterSchema,
    conflictPolicy: oneOf(CONFLICT_POLICIES),
    scheduleMinutes: Type.Integer({ minimum: 0, maximum: SCHEDULE_MINUTES.max }),
    massDeleteShare: Type.Number({ minimum: 0, maximum: 1 }),
  },
  closed,
);

/** A delta link (Graph's, or BC's kept relative to the API root); may carry the $filter (encoded). */
const LINK_MAX = 16_384;

export const cursorSchema = Type.Object(
  {
    bcDeltaLink: nullable(Type.String({ maxLength: LINK_MAX })),
    deltaLink: nullable(Type.String({ maxLength: LINK_MAX })),
    filterKey: Type.String({ maxLength: FILTER_KEY_MAX }),
  },
  closed,
);

export const userQuery = Type.Object({ userId: Id(1) });
export const scopeQuery = Type.Object({ userId: Id(1), folderId: Id(1) });

/**
 * Keyset paging of a list route (F46): `after`, the last key of the previous page (a response's
 * `next`); `limit`, entries in this page, 1 to STATE_LIMITS.pageSize (the default).
 */
const pageOptions = {
  after: Type.Optional(Id()),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: STATE_LIMITS.pageSize, default: STATE_LIMITS.pageSize }),
  ),
};
export const pageQuery = Type.Object(pageOptions);
export const scopePageQuery = Type.Object({ userId: Id(1), folderId: Id(1), ...pageOptions });

const idList = Type.Array(Id(), { maxItems: L.ids });

export const runIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

export const leaseBody = Type.Object(
  {
    key: Id(1),
    owner: Type.String({ minLength: 1, maxLength: 200 }),
    now: Type.Optional(Id()),
    ttlMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 3600 * 1000 })),
  },
  closed,
);

/** Bodies of the bulk state routes (state.ts). */
export const linksBody = Type.Object({ links: Type.Array(linkSchema, { maxItems: L.links }) }, closed);
export const idsBody = Type.Object({ bcIds: idList }, closed);
export const findLinksBody = Type.Object({ bcIds: idList, outlookIds: idList }, closed);
export const conflictsBody = Type.Object(
  { upserts: Type.Array(conflictEntrySchema, { maxItems: L.entries }), remove: idList },
  closed,
);
export const skippedBody = Type.Object(
  {
    entries: Type.Array(skipEntrySchema, { maxItems: L.entries }),
    replace: Type.Boolean(),
    remove: Type.Optional(idList),
  },
  closed,
);
