import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { FILTERABLE_FIELDS, FILTER_LIMITS } from '../../core/filter/index.js';
import { CONFLICT_POLICIES } from '../../core/merge.js';
import type { SyncMode } from '../../core/records.js';
import { SYNC_FIELDS } from '../../core/model.js';
import type { SyncFieldName } from '../../core/model.js';
import { FOLDER_NAME, SCHEDULE_MINUTES } from '../../core/settings-rules.js';
import { STATE_LIMITS } from '../../core/state-limits.js';
import { conflictEntrySchema, linkSchema, skipEntrySchema } from './record-schemas.js';
import { SYNC_BODY_LIMITS as L, Id, ShownId, closed, nullable, oneOf, typed } from './schema-kit.js';

/**
 * TypeBox schemas of the sync API bodies: Fastify validates requests with them (400 with what and
 * where) and @fastify/swagger turns them into the OpenAPI document. Every string has a maxLength and
 * every array a maxItems (issue 10 §3), so no body holds more than these shapes allow; the body's
 * byte size is bounded by the route's bodyLimit on top (README "Limits"). Answers have
 * theirs in answer-schemas.ts (test/support/serialized-answers.ts checks the serializer keeps all).
 */

export { SYNC_BODY_LIMITS } from './schema-kit.js';
export { runRecordSchema } from './record-schemas.js';

/**
 * A contact filter: field → BC filter expression. The parser (core/filter/parse.ts) bounds each
 * expression's length, values and nesting; the length is checked here already, before parsing.
 * Unknown field names are refused by compileFilter with the list of known ones.
 */
export const filterSchema = typed<Record<string, string>>(
  Type.Object(
    {},
    {
      maxProperties: FILTERABLE_FIELDS.length,
      propertyNames: { maxLength: 100 },
      additionalProperties: Type.String({ maxLength: FILTER_LIMITS.length }),
    },
  ),
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
 * The lease a state write is fenced by (core/lease-fence.ts): the key the run acquired through
 * `/state/lease/acquire` and its owner. Both or neither; with them the write lands only while that
 * owner holds that lease (else 409 LeaseLost, nothing stored).
 */
const fenceOptions = {
  leaseKey: Type.Optional(Id(1)),
  leaseOwner: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
};
export const fenceQuery = Type.Object(fenceOptions);
/**
 * `PUT /state/runs/:id`: the fence, and the company's create turn the run's BC creates go out
 * under (core LeaseFence.turn: its key and owner as the lease routes take them), kept with the
 * lease while the record counts BC creates out. Both or neither.
 */
export const runSaveQuery = Type.Object({
  ...fenceOptions,
  turnKey: Type.Optional(Id(1)),
  turnOwner: Type.Optional(ShownId()),
});
export const scopeWriteQuery = Type.Object({ userId: Id(1), folderId: Id(1), ...fenceOptions });

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

/** `GET /state/runs`: the user's runs, newest first, at most `limit` (the state API's own bounds). */
export const stateRunsQuery = Type.Object({
  userId: Id(1),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, default: 20 })),
});

export const runIdParams = Type.Object({ id: ShownId() });

export const leaseBody = Type.Object(
  {
    key: Id(1),
    owner: ShownId(),
    now: Type.Optional(Id()),
    ttlMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 3600 * 1000 })),
    /** The take's own id (SyncStateStore.acquireLease `take`): a release naming it lets go of it only. */
    take: Type.Optional(ShownId()),
    /**
     * A release: writes the holder sent may be unanswered (the pane's `pagehide`, its calls
     * aborted): the lease is kept until they can no longer land (core/run-interrupted.ts letGoOrKeep).
     */
    inFlight: Type.Optional(Type.Boolean()),
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

/** A conflict's BC id in the path (`/conflicts/:bcId/…`). */
export const bcIdParams = Type.Object({ bcId: Type.String({ minLength: 1 }) });

/** Which side a conflict's choice takes (`enum`, as the pane sends it). */
const side = typed<'bc' | 'outlook'>({ enum: ['bc', 'outlook'] });

/**
 * `POST /conflicts/:bcId/resolve`: the whole contact from one side, or field by field (exactly one
 * of them: the route refuses both or neither, 400). Field names are SYNC_FIELDS.
 */
export const resolveBody = Type.Object(
  {
    side: Type.Optional(side),
    fields: Type.Optional(
      typed<Partial<Record<SyncFieldName, 'bc' | 'outlook'>>>({
        type: 'object',
        minProperties: 1,
        propertyNames: { enum: [...SYNC_FIELDS] },
        additionalProperties: side,
      }),
    ),
  },
  closed,
);

/** The body of a resolve, as the pane sends it (taskpane/api/types.ts ResolveChoice). */
export type ResolveBody = Static<typeof resolveBody>;

/** `POST /conflicts/:bcId/dismiss`: the settled fields to accept (all when none are named). */
export const dismissBody = nullable(
  Type.Object(
    {
      fields: Type.Optional(
        typed<SyncFieldName[]>({
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { enum: [...SYNC_FIELDS] },
        }),
      ),
    },
    closed,
  ),
);

/** `POST /runs`: start a run. */
export const startRunBody = Type.Object(
  {
    mode: typed<SyncMode>({ enum: ['delta', 'full'] }),
    dryRun: Type.Optional(Type.Boolean()),
    confirmMassDelete: Type.Optional(Type.Boolean()),
    // Who asks: the pane says so; any other client is recorded as 'api'. 'schedule' and
    // 'cli' are the facade's own and cannot be claimed over the API.
    trigger: Type.Optional(typed<'pane' | 'api'>({ enum: ['pane', 'api'], default: 'api' })),
  },
  closed,
);

/** `GET /runs`: how many of the newest runs. */
export const runsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 20 })),
});
