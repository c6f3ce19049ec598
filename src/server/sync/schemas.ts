import { FILTERABLE_FIELDS, FILTER_LIMITS } from '../../core/filter/index.js';
import { CONFLICT_POLICIES } from '../../core/merge.js';
import { SYNC_FIELDS } from '../../core/model.js';

/**
 * JSON schemas of the sync API bodies: Fastify validates requests with them (400 with what and
 * where) and @fastify/swagger turns them into the OpenAPI document. No response schemas: the
 * serializer would silently drop any field a schema forgot.
 */

const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;

const syncFieldsSchema = {
  type: 'object',
  required: [...SYNC_FIELDS],
  additionalProperties: false,
  properties: Object.fromEntries(SYNC_FIELDS.map((f) => [f, str])),
} as const;

export const linkSchema = {
  type: 'object',
  required: ['bcId', 'outlookId', 'base', 'bcEtag', 'outlookChangeKey'],
  additionalProperties: false,
  properties: {
    bcId: str,
    outlookId: str,
    base: syncFieldsSchema,
    bcEtag: str,
    outlookChangeKey: str,
    // Issue 8 §1: the Outlook-only e-mails and phones seen at the last sync (absent: not known).
    outlookOwn: {
      type: 'object',
      required: ['emails', 'phones'],
      additionalProperties: false,
      properties: {
        emails: { type: 'array', maxItems: 10, items: str },
        phones: { type: 'array', maxItems: 10, items: str },
        // BC values Outlook's full list had no room for yet (outlookListFull).
        waiting: {
          type: 'object',
          additionalProperties: false,
          properties: { email: str, email2: str, phoneNumber: str },
        },
      },
    },
  },
} as const;

const sideCounts = {
  type: 'object',
  required: ['created', 'updated', 'deleted'],
  properties: {
    created: { type: 'integer', minimum: 0 },
    updated: { type: 'integer', minimum: 0 },
    deleted: { type: 'integer', minimum: 0 },
  },
} as const;

export const runRecordSchema = {
  type: 'object',
  required: [
    'id',
    'userId',
    'folderName',
    'mode',
    'dryRun',
    'trigger',
    'status',
    'startedAt',
    'finishedAt',
    'durationMs',
    'counts',
    'skipped',
    'conflicts',
    'errors',
    'held',
    'graph',
  ],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 200 },
    userId: str,
    folderName: str,
    folderId: str,
    mode: { enum: ['delta', 'full'] },
    dryRun: { type: 'boolean' },
    trigger: { enum: ['pane', 'schedule', 'cli', 'api'] },
    status: { enum: ['running', 'succeeded', 'failed', 'cancelled', 'held', 'interrupted'] },
    startedAt: str,
    finishedAt: nullableStr,
    durationMs: { type: 'number', minimum: 0 },
    counts: {
      type: 'object',
      required: ['bc', 'outlook'],
      properties: { bc: sideCounts, outlook: sideCounts },
    },
    skipped: { type: 'integer', minimum: 0 },
    conflicts: { type: 'integer', minimum: 0 },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['side', 'id', 'message'],
        properties: { side: { enum: ['bc', 'outlook', 'run'] }, id: str, message: str },
      },
    },
    held: {
      type: ['object', 'null'],
      required: ['deletes', 'folderSize', 'share'],
      properties: {
        kind: { enum: ['massDelete', 'bcEmpty'] },
        deletes: { type: 'number' },
        folderSize: { type: 'number' },
        share: { type: 'number' },
      },
    },
    graph: {
      type: ['object', 'null'],
      required: ['requests', 'throttled'],
      properties: { requests: { type: 'number' }, throttled: { type: 'number' } },
    },
    progress: {
      type: 'array',
      maxItems: 5,
      items: {
        type: 'object',
        required: ['phase', 'done', 'total'],
        additionalProperties: false,
        properties: {
          phase: { enum: ['reading', 'planning', 'bc', 'outlook', 'links'] },
          done: { type: 'integer', minimum: 0 },
          total: { type: 'integer', minimum: 0 },
        },
      },
    },
  },
} as const;

const fieldConflict = {
  type: 'object',
  required: ['field', 'base', 'bc', 'outlook', 'winner'],
  additionalProperties: false,
  properties: {
    field: { enum: [...SYNC_FIELDS] },
    base: str,
    bc: str,
    outlook: str,
    winner: { enum: ['bc', 'outlook', 'none'] },
  },
} as const;

export const conflictEntrySchema = {
  type: 'object',
  required: ['bcId', 'outlookId', 'record'],
  additionalProperties: false,
  properties: {
    bcId: str,
    outlookId: str,
    record: {
      type: 'object',
      required: ['kind', 'displayName', 'fields'],
      properties: {
        kind: { enum: ['fields', 'deletedInBc'] },
        displayName: str,
        // core/merge.ts DeletionCause: a code with parameters, worded by the edge.
        reason: {
          type: 'object',
          required: ['kind'],
          properties: {
            kind: { enum: ['bcDeleted', 'outOfScope'] },
            reasons: {
              type: 'array',
              items: { type: 'object', required: ['kind'], properties: { kind: str } },
            },
          },
        },
        detectedAt: str,
        fields: { type: 'array', items: fieldConflict },
      },
    },
  },
} as const;

export const skipEntrySchema = {
  type: 'object',
  required: ['key', 'record'],
  additionalProperties: false,
  properties: {
    key: str,
    record: {
      type: 'object',
      required: ['side', 'bcId', 'outlookId', 'displayName', 'reason'],
      properties: {
        side: { enum: ['bc', 'outlook'] },
        bcId: str,
        bcNumber: str,
        outlookId: str,
        displayName: str,
        // The reason is a tagged union (core/records.ts SkipReason); its own fields are kept as sent.
        reason: { type: 'object', required: ['kind'], properties: { kind: str } },
      },
    },
  },
} as const;

/**
 * A contact filter: field → BC filter expression. The parser (core/filter/parse.ts) bounds each
 * expression's length, values and nesting; the length is checked here already, before parsing.
 * Unknown field names are refused by compileFilter with the list of known ones.
 */
export const filterSchema = {
  type: 'object',
  maxProperties: FILTERABLE_FIELDS.length,
  propertyNames: { maxLength: 100 },
  additionalProperties: { type: 'string', maxLength: FILTER_LIMITS.length },
} as const;

export const settingsSchema = {
  type: 'object',
  required: ['folderName', 'filter', 'conflictPolicy', 'scheduleMinutes', 'massDeleteShare'],
  additionalProperties: false,
  properties: {
    folderName: { type: 'string', minLength: 1, maxLength: 255 },
    filter: filterSchema,
    conflictPolicy: { enum: [...CONFLICT_POLICIES] },
    scheduleMinutes: { type: 'integer', minimum: 0, maximum: 43200 },
    massDeleteShare: { type: 'number', minimum: 0, maximum: 1 },
  },
} as const;

export const cursorSchema = {
  type: 'object',
  required: ['bcDeltaLink', 'deltaLink', 'filterKey'],
  additionalProperties: false,
  properties: { bcDeltaLink: nullableStr, deltaLink: nullableStr, filterKey: str },
} as const;

export const userQuery = {
  type: 'object',
  required: ['userId'],
  properties: { userId: { type: 'string', minLength: 1 } },
} as const;

export const scopeQuery = {
  type: 'object',
  required: ['userId', 'folderId'],
  properties: { userId: { type: 'string', minLength: 1 }, folderId: { type: 'string', minLength: 1 } },
} as const;

export const idList = { type: 'array', items: str, maxItems: 10000 } as const;

export const runIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

export const leaseBody = {
  type: 'object',
  required: ['key', 'owner'],
  properties: {
    key: { type: 'string', minLength: 1, maxLength: 500 },
    owner: { type: 'string', minLength: 1, maxLength: 200 },
    now: str,
    ttlMs: { type: 'integer', minimum: 1, maximum: 24 * 3600 * 1000 },
  },
} as const;
