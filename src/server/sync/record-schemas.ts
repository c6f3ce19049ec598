import { Type } from '@sinclair/typebox';
import type { Static, TString } from '@sinclair/typebox';
import { FILTERABLE_FIELDS } from '../../core/filter/index.js';
import { SYNC_FIELDS } from '../../core/model.js';
import type { SyncFieldName } from '../../core/model.js';
import { OUTLOOK_ONLY_PROPERTIES } from '../../core/outlook-only.js';
import { OUT_OF_SCOPE_KINDS } from '../../core/scope.js';
import { FOLDER_NAME } from '../../core/settings-rules.js';
import type { Link } from '../../core/link.js';
import { RUN_ERROR_CODES } from '../../core/records.js';
import type { RunRecord } from '../../core/records.js';
import type { ConflictEntry, SkipEntry } from '../../core/state-store-port.js';
import type { SkipRecord } from '../../core/skip-records.js';
import {
  SYNC_BODY_LIMITS as L,
  Id,
  Text,
  Value,
  closed,
  count,
  nullable,
  oneOf,
  sameAsCore,
  typed,
} from './schema-kit.js';
import type { Same } from './schema-kit.js';

/**
 * TypeBox schemas of the records the state API stores (links, runs, conflicts, skipped entries),
 * as core/records.ts shapes them; the bodies in schemas.ts hold lists of these. Core is the home
 * of each shape: a schema is typed as its core type only while its own static type is that type
 * (schema-kit.ts sameAsCore; a tagged union compared with its variants merged), so a field core
 * adds, renames, narrows or requires fails to compile here until the schema follows. The skip
 * reason alone is kept as sent (see skipEntrySchema).
 */

// Every sync field, a bounded text (fromEntries forgets the keys: the list names them).
const SyncFields = Type.Object(
  Object.fromEntries(SYNC_FIELDS.map((f) => [f, Value()])) as Record<SyncFieldName, TString>,
  closed,
);

const linkObject = Type.Object(
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
    // Issue 12 §2: Outlook at outlookChangeKey held the base (absent: not known).
    outlookHoldsBase: Type.Optional(Type.Literal(true)),
  },
  closed,
);

const SideCounts = Type.Object({ created: count(), updated: count(), deleted: count() }, closed);

const runRecordObject = Type.Object(
  {
    id: Id(1),
    userId: Id(),
    folderName: Type.String({ maxLength: FOLDER_NAME.max }),
    // The folder the run synced (issue 9 §2); absent in records from before it was kept.
    folderId: Type.Optional(Id()),
    // The BC company the run synced (F86); absent in older records and runs stopped by the check.
    companyId: Type.Optional(Id()),
    // Its name as BC lists it (F104: run errors name the company by it); absent where unknown.
    companyName: Type.Optional(Text()),
    mode: oneOf(['delta', 'full']),
    dryRun: Type.Boolean(),
    trigger: oneOf(['pane', 'schedule', 'cli', 'api']),
    // Whose permissions the run's calls carried (core RunAccess); absent for the pane and older records.
    access: Type.Optional(
      Type.Object(
        { bc: oneOf(['delegated', 'appOnly', 'store']), graph: oneOf(['delegated', 'appOnly']) },
        closed,
      ),
    ),
    status: oneOf(['running', 'succeeded', 'failed', 'cancelled', 'held', 'interrupted']),
    startedAt: Id(),
    finishedAt: nullable(Id()),
    durationMs: Type.Number({ minimum: 0 }),
    counts: Type.Object({ bc: SideCounts, outlook: SideCounts }, closed),
    // Writes sent whose outcome the run does not know (F114); absent when none, and in older records.
    uncertain: Type.Optional(Type.Object({ bc: SideCounts, outlook: SideCounts }, closed)),
    skipped: count(),
    conflicts: count(),
    // BC creates left for the next sync, by why (F69); absent when none, and in older records.
    deferred: Type.Optional(Type.Object({ createTurnBusy: count(), createdElsewhere: count() }, closed)),
    // core/records.ts RunError: a code with parameters; `message` only in records from before codes.
    errors: Type.Array(
      Type.Object(
        {
          side: oneOf(['bc', 'outlook', 'run']),
          id: Id(),
          code: Type.Optional(oneOf(RUN_ERROR_CODES)),
          params: Type.Optional(
            // Number first: the body is coerced, and a status must stay a number.
            typed<Readonly<Record<string, string | number>>>(
              Type.Object({}, { maxProperties: 10, additionalProperties: Type.Union([Type.Number(), Id()]) }),
            ),
          ),
          message: Type.Optional(Text()),
        },
        closed,
      ),
      { maxItems: L.entries },
    ),
    // Item errors beyond those listed (core run-error-list.ts); absent when none, and in older records.
    errorsOmitted: Type.Optional(count()),
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
    kind: oneOf(OUT_OF_SCOPE_KINDS),
    fields: Type.Optional(Type.Array(oneOf(FILTERABLE_FIELDS), { maxItems: FILTERABLE_FIELDS.length })),
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

const mergedSinceShown = Type.Object(
  { field: oneOf(SYNC_FIELDS), from: oneOf(['bc', 'outlook']), value: Value() },
  closed,
);

const conflictEntryObject = Type.Object(
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
        // core/merge.ts: the copy's changeKey when a deletedInBc record was made (F76).
        outlookChangeKey: Type.Optional(Id()),
        fields: Type.Array(fieldConflict, { maxItems: SYNC_FIELDS.length }),
        // core/merge.ts: changes a choice writes beside the fields, named by a refused resolve (F2).
        sinceShown: Type.Optional(Type.Array(mergedSinceShown, { maxItems: SYNC_FIELDS.length * 2 })),
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

const skipEntryObject = Type.Object(
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

export const linkSchema = sameAsCore<Link>()(linkObject);
export const runRecordSchema = sameAsCore<RunRecord>()(runRecordObject);
/** A run record's fields, for the answers that show a record with more (answer-schemas.ts). */
export const runRecordProperties = runRecordObject.properties;
export const conflictEntrySchema = sameAsCore<ConflictEntry>()(conflictEntryObject);
/**
 * A skip reason is kept as sent, bounded by shape and not by kind (skipReason above): the entry is
 * typed as core's, and the rest of its record is held to core's like the records above, but for
 * `bcNumber`, optional here while core requires it (posted records without it are still taken:
 * test/server/sync-state.test.ts sends some).
 */
export const skipEntrySchema = typed<SkipEntry>(skipEntryObject);
const _skipRecordIsCore: Same<
  Omit<Static<typeof skipEntryObject>['record'], 'reason' | 'more' | 'bcNumber'>,
  Omit<SkipRecord, 'reason' | 'more' | 'bcNumber'>
> = true;
