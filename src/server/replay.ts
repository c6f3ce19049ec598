import type { FastifyRequest } from 'fastify';

/**
 * What a POST route's kept answer (idempotency.ts: the first answer to a request with an
 * Idempotency-Key, kept 10 minutes) is worth when the same request comes again. Every POST route
 * of the facade says which in its options' `config.replay` (test/server/idempotent-replay.test.ts
 * holds every route to it). Why: a replay answered a state that no longer held — a keyed create
 * sent again after a BC user deleted its contact was answered the deleted contact, so "This sender"
 * re-added within 10 minutes of a colleague's delete said added and made nothing, where the
 * in-process path made the contact anew (helper idem's brief, fault 1).
 *
 * - `'record'`: the answer records what was done (a run started, a conflict resolved, links
 *   written): true however the data moves on, so it is sent again as kept.
 * - `'rerun'`: nothing is kept; a request sent again runs again. For reads sent as POST (previews,
 *   checks, look-ups): their answer is the data as it was; run again it is the data as it is.
 * - a ReplayCheck: the answer states something that can stop holding (a contact as created);
 *   asked before each replay.
 */
export type Replay = 'record' | 'rerun' | ReplayCheck;

/**
 * A kept answer as the check sees it: its status and its JSON body. Not its age: it was kept after
 * its request ran, so an age says nothing of what the answer states (review RV2).
 */
export interface KeptReply {
  readonly status: number;
  readonly body: unknown;
}

/**
 * Whether a kept answer still holds: as kept; the same answer with `body` as things stand now
 * (a contact changed since: its current values and etag); or `gone` (what it answered no longer
 * exists: the request runs again, and its own write answers — a keyed create's successor,
 * store/bc-contact-writes.ts).
 */
export type ReplayVerdict =
  { readonly kind: 'holds' } | { readonly kind: 'now'; readonly body: unknown } | { readonly kind: 'gone' };

export type ReplayCheck = (request: FastifyRequest, kept: KeptReply) => Promise<ReplayVerdict>;

/**
 * Whether the caller may still have a POST route's kept answer: the authorization its handler asks
 * beyond the token's scope or role (auth/access.ts checks those onRequest, for every request,
 * replays too) — a company's membership, the sync state's admission — throwing the route's own
 * refusal. Asked before a kept answer is sent again or checked (idempotency.ts), so a replay
 * answers only a caller the route would answer now (trust review, item 3: a member removed from
 * a company within the 10 minutes got the kept answer of a create in it, a $batch's reads too).
 * `'token'`: the route asks nothing more than the token's check (a caller's own records).
 * Every POST route whose answer is kept (replay is not `'rerun'`) says which
 * (test/server/replay-access.test.ts).
 */
export type ReplayAccess = 'token' | ((request: FastifyRequest) => Promise<unknown>);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What this POST route's kept answer is worth when its request comes again (replay.ts). */
    replay?: Replay;
    /** Who may still have this POST route's kept answer (replay.ts ReplayAccess). */
    access?: ReplayAccess;
  }
}

/**
 * Route options' `config` of a POST whose answer records what was done, for the caller who may
 * have it now (`access`).
 */
export const replayRecord = (access: ReplayAccess) => ({ replay: 'record', access }) as const;
/** Route options' `config` of a POST that only reads (or is safe to run again): nothing kept. */
export const REPLAY_RERUN = { replay: 'rerun' } as const;

const HOLDS: ReplayVerdict = { kind: 'holds' };
const GONE: ReplayVerdict = { kind: 'gone' };

/** The OData entity a kept create or update answer names: its id and etag, when it names one. */
export function entityOf(body: unknown): { id: string; etag: string } | null {
  const b = body as { id?: unknown; '@odata.etag'?: unknown } | null;
  return typeof b?.id === 'string' && typeof b['@odata.etag'] === 'string'
    ? { id: b.id, etag: b['@odata.etag'] }
    : null;
}

/**
 * The verdict on a kept answer naming `entity`, from a fresh read of it through the app's own GET
 * route (`now`: its status and body; 404 when it is gone): the same etag holds; another is the
 * entity as it is now (the kept `@odata.context` kept, so links stay the caller's); none is gone.
 */
export function entityVerdict(
  kept: Record<string, unknown>,
  entity: { etag: string },
  now: { status: number; body: unknown },
): ReplayVerdict {
  if (now.status === 404) return GONE;
  const current = entityOf(now.body);
  if (now.status !== 200 || current === null || current.etag === entity.etag) return HOLDS;
  const context = kept['@odata.context'];
  return {
    kind: 'now',
    body: { ...(now.body as object), ...(context === undefined ? {} : { '@odata.context': context }) },
  };
}

/**
 * The check of a BC API create (`POST …/contacts`, `POST …/countriesRegions`): the entity it
 * answered, read again as the caller (same token) at `<collection>(<id>)`.
 */
export const entityCreateReplay: ReplayCheck = async (request, kept) => {
  const entity = entityOf(kept.body);
  if (entity === null) return HOLDS;
  const collection = request.url.split('?')[0]!.replace(/\/$/, '');
  const res = await request.server.inject({
    method: 'GET',
    url: `${collection}(${entity.id})`,
    headers: {
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
      host: request.host,
    },
  });
  let body: unknown = null;
  try {
    body = JSON.parse(res.body) as unknown;
  } catch {
    // Not JSON: no entity, which holds (nothing to compare).
  }
  return entityVerdict(kept.body as Record<string, unknown>, entity, { status: res.statusCode, body });
};

/**
 * The check of a lease route's answer (acquire, renew): a lease taken holds until the expiry its
 * answer states (`expiresAt`, the lease's own end as granted, by the facade's clock `nowMs`), and
 * only while its owner still holds it (`held`, the store's lease row now); from then on it may be
 * another's, so the request runs again, as does a refusal. Why the answer's own expiry: a create
 * turn may be granted less than asked, and an answer's age counts from its keep, after the
 * acquisition (review RV2: a resend 5 s after a turn granted 1 s was told ok while another owner
 * held the turn). Why the row: the lease's owner may let it go before its end (the release route,
 * a run's end), and a resend of its acquire was still told it held the lease (trust brief item 2).
 * `held` gets the kept answer too: a create turn's names the place taken (review RV9).
 */
export function leaseReplay(
  nowMs: () => number,
  held: (request: FastifyRequest, answer: { readonly place?: unknown }) => Promise<boolean>,
): ReplayCheck {
  return async (request, kept) => {
    const body = kept.body as { ok?: unknown; expiresAt?: unknown; place?: unknown } | null;
    const until = typeof body?.expiresAt === 'string' ? Date.parse(body.expiresAt) : Number.NaN;
    if (body?.ok !== true || !(nowMs() < until)) return GONE;
    return (await held(request, body)) ? HOLDS : GONE;
  };
}

/** A path parameter of a request as a check reads it (before validation: each is a string or absent). */
export function paramOf(request: FastifyRequest, name: string): string {
  const params: unknown = request.params;
  const value =
    typeof params === 'object' && params !== null ? (params as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

/**
 * The fields of a request's JSON body as a replay check reads them (its request is not the route's
 * typed one: each field is checked where it is used), or none when the body is not an object.
 */
export function bodyFields(request: FastifyRequest): Readonly<Record<string, unknown>> {
  const body: unknown = request.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body } : {};
}
