import { Type } from '@sinclair/typebox';
import { FILTERABLE_FIELDS, FILTER_LIMITS } from '../../core/filter/index.js';
import { CONFLICT_POLICIES } from '../../core/merge.js';
import { FOLDER_NAME, SCHEDULE_MINUTES } from '../../core/settings-rules.js';
import { STATE_LIMITS } from '../../core/state-limits.js';
import { conflictEntrySchema, linkSchema, skipEntrySchema } from './record-schemas.js';
import { SYNC_BODY_LIMITS as L, Id, closed, nullable, oneOf } from './schema-kit.js';

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
 * The lease a state write is fenced by (core/lease-fence.ts): the key the run acquired through
 * `/state/lease/acquire` and its owner. Both or neither; with them the write lands only while that
 * owner holds that lease (else 409 LeaseLost, nothing stored).
 */
const fenceOptions = {
  leaseKey: Type.Optional(Id(1)),
  leaseOwner: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
};
export const fenceQuery = Type.Object(fenceOptions);
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
