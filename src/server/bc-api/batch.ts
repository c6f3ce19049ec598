import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { operationKeyOf, writeKeyOf } from '../idempotency.js';
import { asOperationOf, linkOrigin } from '../link-origin.js';
import { preloadInject } from '../inject-preload.js';
import { mapLimited } from '../../platform/map-limited.js';
import { entityOf, entityVerdict } from '../replay.js';
import type { ReplayCheck } from '../replay.js';
import { BatchAnswer, ErrorBody } from './schemas.js';
import { checkBatchCost, notRunAnswer } from './batch-budget.js';
import { bad, parseOperations } from './batch-operations.js';
import type { Operation } from './batch-operations.js';
import { OPERATIONS_IN_FLIGHT, laneOf, runInLanes } from './batch-lanes.js';
import { CreateGather, createRuns } from './batch-creates.js';
import type { GatherPart } from './batch-creates.js';
import { PatchGather, patchRuns } from './batch-patches.js';
import { companyKeyOfPath, keyOrNull } from './unknown-route.js';
import type { RunGather } from './batch-gather.js';

/** Answer headers a client of a sub-request may need. */
const ANSWERED_HEADERS = ['content-type', 'location', 'retry-after', 'etag'];

/** An operation's answer as a kept batch answer holds it. */
interface KeptOperation {
  readonly id: string;
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

const etagOf = (headers: Record<string, string>): Record<string, string> =>
  headers.etag ? { etag: headers.etag } : {};

/**
 * One operation through the app's own routing: access, rate limits, validation, handler. Its
 * links name the envelope's origin (link-origin.ts), not the in-process request's plain http, and
 * its caller is the envelope's: token, memberships and companies checked once per `$batch`.
 */
async function runOperation(
  app: FastifyInstance,
  request: FastifyRequest,
  op: Operation,
  origin: string,
  part?: GatherPart,
) {
  const hasBody = op.body !== undefined && op.method !== 'GET' && op.method !== 'DELETE';
  // An operation with an Idempotency-Key of its own: its writes know the caller and that key, as a
  // request sent alone with it (operationKeyOf), from any host and envelope (lead's trust list,
  // item 1: two hosts' creates of one import). Else a batch sent with an Idempotency-Key: each
  // operation's writes know it and their own id (F75).
  const envelopeKey = writeKeyOf(request);
  const writeKey =
    op.key !== undefined
      ? await operationKeyOf(request, op.key)
      : envelopeKey === null
        ? null
        : JSON.stringify([envelopeKey, `op:${op.id}`]);
  const res = await asOperationOf(
    request,
    origin,
    (operationHeaders) =>
      app.inject({
        method: op.method as 'GET',
        url: op.url,
        remoteAddress: request.ip,
        headers: {
          ...op.headers,
          ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
          ...(hasBody ? { 'content-type': op.headers['content-type'] ?? 'application/json' } : {}),
          ...operationHeaders,
          host: request.host,
        },
        ...(hasBody ? { payload: JSON.stringify(op.body) } : {}),
      }),
    writeKey,
    part,
  );
  const headers: Record<string, string> = {};
  for (const name of ANSWERED_HEADERS) {
    const v = res.headers[name];
    if (typeof v === 'string' || typeof v === 'number') headers[name] = String(v);
  }
  const text = res.body;
  const bytes = res.rawPayload.length;
  let body: unknown;
  try {
    body = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    body = text;
  }
  return {
    bytes,
    answer: { id: op.id, status: res.statusCode, headers, ...(body === undefined ? {} : { body }) },
  };
}

/**
 * `POST {prefix}/$batch`: OData JSON batch as Business Central serves it (design §4; BC API v2.0
 * "Using OData $batch requests"): up to 100 operations, answered in one `{"responses": [...]}` with
 * each operation's status, headers and body; the envelope is 200 whatever the operations answer.
 * Operations answer as if run one after another (batch-lanes.ts runs together only those that
 * cannot see each other), each through the same routes as a request of its own (so access, rate
 * limits and validation apply to each; the caller is checked once, for the envelope), within the
 * work budget of batch-budget.ts (the answer bytes may pass it by the few single entities out
 * when it is reached). Transactional batches (`Isolation: snapshot`) and atomicity groups are
 * refused: the facade cannot roll back operations, and a client must not believe it does.
 */
/**
 * A $batch body's byte limit (README "Limits"): 100 operations of up to 20 KiB each — a contact at
 * every field's BC length, escaped, is about 15 KiB — where a single request's is the app's 64 KiB.
 */
const BATCH_BODY_LIMIT = 2 * 1024 * 1024;

export function registerBatch(
  app: FastifyInstance,
  options: {
    prefix: string;
    publicOrigin: string | null;
    maxPageSize: number;
    answerBytes: number;
    /** The company of a path (its key as sent), once the caller may use it (route-kit.ts `company`). */
    company: (request: FastifyRequest, raw: string) => Promise<unknown>;
  },
): void {
  const { prefix, publicOrigin, maxPageSize, answerBytes } = options;
  /**
   * Who may still have a kept batch answer (replay.ts ReplayAccess): a caller who may use every
   * company its operations name — each a read or write its own route would refuse now (a GET's
   * kept contacts are sent again as kept). The company as the router reads the path
   * (companyKeyOfPath: `companies%28<id>%29` too, review RV5), each asked once; a key that is no
   * GUID was refused 400 and answered nothing of a company. An operation under no company needs
   * the token only: what it lists (the companies) is read again by `replay`.
   */
  const access = async (request: FastifyRequest) => {
    const companies = new Map<string, string>();
    for (const op of parseOperations(request.body, prefix, request.host)) {
      const raw = companyKeyOfPath(op.url.slice(prefix.length));
      const id = raw === null ? null : keyOrNull(raw);
      if (raw !== null && id !== null && !companies.has(id)) companies.set(id, raw);
    }
    for (const raw of companies.values()) await options.company(request, raw);
  };
  // Operations run through inject(): its module is loaded with the route, not in the first batch.
  preloadInject();
  /**
   * A kept batch answer sent again (replay.ts): each entity an operation's create or update
   * answered is read again as the envelope's caller; one changed since is answered as it is now,
   * one deleted since is, for a create, that create run again under its own write key (a keyed
   * create's successor, as the in-process path makes) and, for an update, the read's 404. A read
   * under no company (the companies list) is run again (`access`). The batch itself is never run
   * again: its updates' If-Match would no longer hold.
   */
  const replay: ReplayCheck = async (request, kept) => {
    const responses = (kept.body as { responses?: unknown } | null)?.responses;
    if (!Array.isArray(responses)) return { kind: 'holds' };
    const ops = new Map(parseOperations(request.body, prefix, request.host).map((op) => [op.id, op]));
    const origin = linkOrigin(request, publicOrigin);
    let moved = false;
    // As wide as the batch's own run (batch-lanes.ts: the database pool is every request's): a
    // resend of 100 operations held 100 statements at once, and a failure left the rest unobserved.
    const now = await mapLimited(
      responses as KeptOperation[],
      OPERATIONS_IN_FLIGHT,
      async (answer: KeptOperation): Promise<KeptOperation> => {
        const op = ops.get(answer.id);
        // A read under no company (the companies list) names the companies the caller could see
        // then: read again, it names those it may see now (review RV5).
        if (op?.method === 'GET' && companyKeyOfPath(op.url.slice(prefix.length)) === null) {
          moved = true;
          return (await runOperation(app, request, op, origin)).answer;
        }
        const entity = answer.status === 200 || answer.status === 201 ? entityOf(answer.body) : null;
        if (!op || entity === null || (op.method !== 'POST' && op.method !== 'PATCH')) return answer;
        const url =
          op.method === 'PATCH' ? op.url : `${op.url.split('?')[0]!.replace(/\/$/, '')}(${entity.id})`;
        const read = await runOperation(
          app,
          request,
          { id: op.id, method: 'GET', url, headers: {}, body: undefined },
          origin,
        );
        const verdict = entityVerdict(answer.body as Record<string, unknown>, entity, {
          status: read.answer.status,
          body: read.answer.body,
        });
        if (verdict.kind === 'holds') return answer;
        moved = true;
        if (verdict.kind === 'now')
          return {
            ...answer,
            headers: { ...answer.headers, ...etagOf(read.answer.headers) },
            body: verdict.body,
          };
        return op.method === 'POST' ? (await runOperation(app, request, op, origin)).answer : read.answer;
      },
    );
    return moved ? { kind: 'now', body: { ...(kept.body as object), responses: now } } : { kind: 'holds' };
  };
  app.post(
    '/$batch',
    {
      config: { replay, access },
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        tags: ['bc'],
        summary: 'OData JSON batch: up to 100 operations in one request',
        description:
          "An operation may carry an Idempotency-Key header of its own (1 to 255 visible ASCII characters, once; else 400): its create is keyed by the caller and that key as a request sent alone with it, whatever the envelope's key, so a create sent again with the key, alone or in any batch, answers the contact the first made. Operation keys keep no answer.",
        body: Type.Object(
          { requests: Type.Optional(Type.Array(Type.Unknown())) },
          { additionalProperties: true },
        ),
        response: { 200: BatchAnswer, '4xx': ErrorBody },
      },
    },
    async (request) => {
      if (request.headers.isolation !== undefined)
        throw bad('Transactional batches (Isolation: snapshot) are not supported by this service.');
      const ops = parseOperations(request.body, prefix, request.host);
      // Bounded work (batch-budget.ts): refused whole before anything runs, or cut at the byte budget.
      checkBatchCost(
        ops.map((op) => ({ method: op.method, path: op.url.slice(prefix.length), headers: op.headers })),
        maxPageSize,
      );
      const origin = linkOrigin(request, publicOrigin);
      // Answer bytes of the operations done so far: one that starts once they reach the budget is not run.
      let bytes = 0;
      const lanes = ops.map((op) => laneOf(op.method, op.url.slice(prefix.length)));
      const run = async (index: number, part?: GatherPart) => {
        const done = await runOperation(app, request, ops[index]!, origin, part);
        bytes += done.bytes;
        return done.answer;
      };
      // Consecutive creates in one collection start together and are made in one go
      // (batch-creates.ts); their lane still answers them one after another, in order. The budget
      // is checked when such a run starts: its creates (GATHERED_MAX at most, each answer about its
      // body's size) all run, as operations already out do.
      const runOf = new Map<number, { indexes: readonly number[]; gather: () => RunGather }>();
      const methods = ops.map((op) => op.method);
      for (const indexes of createRuns(methods, lanes))
        runOf.set(indexes[0]!, { indexes, gather: () => new CreateGather(indexes) });
      // Consecutive updates of distinct contacts likewise (batch-patches.ts).
      for (const indexes of patchRuns(methods, lanes))
        runOf.set(indexes[0]!, { indexes, gather: () => new PatchGather(indexes) });
      const started = new Map<number, ReturnType<typeof run>>();
      const answers = runInLanes(lanes, OPERATIONS_IN_FLIGHT, async (index) => {
        const op = ops[index]!;
        const mine = started.get(index);
        if (mine) return mine;
        if (bytes >= answerBytes) return notRunAnswer(op.id, index, bytes, answerBytes);
        const gathered = runOf.get(index);
        if (!gathered) return run(index);
        const gather = gathered.gather();
        for (const i of gathered.indexes) {
          const answer = run(i, { gather, index: i });
          // Ended without handing a create (refused before it), the run's others need not wait.
          const ended = answer.finally(() => gather.ended(i));
          ended.catch(() => undefined);
          started.set(i, ended);
        }
        return started.get(index)!;
      });
      // Should an operation throw, the lanes start no more, but a run's creates started together:
      // the envelope answers only once they ended, so nothing of it is still written after.
      try {
        return { responses: await answers };
      } finally {
        await Promise.allSettled(started.values());
      }
    },
  );
}
