import type { Static } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import {
  CREATE_TURN_MS,
  LEASE_TTL_MS,
  createTurnCompany,
  userLeaseKey,
  writeSettleMs,
} from '../../core/lease.js';
import { DEFAULT_TIMEOUTS } from '../../platform/deadline.js';
import { STATE_LIMITS } from '../../core/state-limits.js';
import type { Page } from '../../core/state-limits.js';
import type { RunRecord } from '../../core/records.js';
import type { SyncStateStore } from '../../core/ports.js';
import { memberCompanies } from '../../store/company-members.js';
import { toIso } from '../../store/sql-helpers.js';
import { HttpError } from '../http-error.js';
import { NO_MEMBERSHIP_CODE } from './run-refusals.js';
import type { fenceQuery, pageQuery } from './schemas.js';
import type { SyncServices } from './services.js';

/** The lease a request of the lease routes names, as the store holds it. */
export interface LeaseTarget {
  readonly userId: string;
  readonly key: string;
  readonly owner: string;
  /** A company's create turn, shared by every user of the company (not the user's own lease). */
  readonly shared: boolean;
}

/**
 * The lease a lease route acts on. A user's own leases live under the user (core/lease.ts `userLeaseKey`). A
 * company's create turn (core/lease.ts createTurnKey) is ONE lease per company, shared with the
 * server's and the CLI's runs and "This sender" (tester F61: under the user it was the pane's
 * own turn, so the pane and a server run could both create one person): the caller must be a
 * member of that company (403 otherwise), and the owner is bound to the caller, so no other user
 * can renew or release the caller's turn, nor the caller another's.
 */
export async function leaseTarget(
  svc: SyncServices,
  request: FastifyRequest,
  key: string,
  owner: string,
): Promise<LeaseTarget> {
  const userId = await svc.user(request);
  const company = createTurnCompany(key);
  if (company === undefined) return { userId, key: userLeaseKey(userId, key), owner, shared: false };
  if (company === null)
    throw new HttpError(400, 'BadRequest_InvalidValue', "key is not a company's create turn.", [
      { target: 'key', message: 'not a create turn key' },
    ]);
  if (!(await memberCompanies(svc.ctx.db, userId)).has(company))
    throw new HttpError(
      403,
      NO_MEMBERSHIP_CODE,
      "The token's user is not a member of the company this create turn is for.",
    );
  return { userId, key, owner: JSON.stringify(['user', userId, owner]), shared: true };
}

/**
 * The store a state write goes to: fenced (core/lease-fence.ts) by the lease the request names —
 * its key taken as the lease routes take it (under the caller's user), so the pane's run fences
 * by the very lease it acquired — or the store itself when it names none. 400 when only one of the
 * two is given, or the key is a company's create turn (shared: it fences no folder's state).
 */
export async function writerOf(
  svc: SyncServices,
  request: FastifyRequest,
  query: Static<typeof fenceQuery>,
): Promise<SyncStateStore> {
  const { leaseKey, leaseOwner } = query;
  if (leaseKey === undefined && leaseOwner === undefined) return svc.store;
  if (leaseKey === undefined || leaseOwner === undefined)
    throw new HttpError(400, 'BadRequest', 'leaseKey and leaseOwner are given together or not at all.', [
      { target: leaseKey === undefined ? 'query.leaseKey' : 'query.leaseOwner', message: 'missing' },
    ]);
  const t = await leaseTarget(svc, request, leaseKey, leaseOwner);
  if (t.shared)
    throw new HttpError(400, 'BadRequest_InvalidValue', "A company's create turn fences no state write.", [
      { target: 'query.leaseKey', message: 'a create turn key' },
    ]);
  return svc.store.fenced({ key: t.key, owner: t.owner });
}

/**
 * The time and length of every lease taken or renewed through the routes: the facade's own clock,
 * never the caller's `now` (a browser whose clock ran ahead took a live server run's lease and
 * both wrote the folder, tester F79; one behind could extend its own past its holder's death), and
 * at most the kind's own length — CREATE_TURN_MS for a company's create turn, LEASE_TTL_MS for a
 * user's folder — so no caller can hold either longer than a holder on the server would.
 * `callerNow` must still be an ISO 8601 time (400 invalidTime otherwise), as the port asks.
 */
export function leaseTime(
  svc: SyncServices,
  target: LeaseTarget,
  callerNow: string | undefined,
  ttlMs: number,
): { now: string; ttlMs: number } {
  if (callerNow !== undefined) toIso(callerNow);
  return { now: svc.ctx.clock.now(), ttlMs: Math.min(ttlMs, target.shared ? CREATE_TURN_MS : LEASE_TTL_MS) };
}

/**
 * How far a run record's time sent by a caller may be from the facade's clock and still be kept
 * as sent: the pane saves its record as the run starts and as it ends, so a time further off is
 * the caller's clock, not the run (a loaded machine's latency is seconds).
 */
const RUN_TIME_SLACK_MS = 60_000;

/**
 * A run record saved through the sync API (the pane's engine) with its times bounded by the
 * facade's own clock, as leaseTime does for leases (F79 addendum: a pane 10 minutes off wrote
 * wrong times into the shared history, which every host orders and shows). A time within
 * RUN_TIME_SLACK_MS of the facade's is kept as sent; one further off becomes the facade's time of
 * the save that first carried it. Later saves keep the stored `startedAt` and `finishedAt`.
 * `durationMs` is the pane's own measure (a monotonic clock: an offset does not change it).
 */
export function stampRunTimes(record: RunRecord, stored: RunRecord | null, now: string): RunRecord {
  const bounded = (iso: string): string =>
    Math.abs(Date.parse(iso) - Date.parse(now)) <= RUN_TIME_SLACK_MS ? iso : now;
  const startedAt = stored?.startedAt ?? bounded(record.startedAt);
  const finishedAt = record.finishedAt === null ? null : (stored?.finishedAt ?? bounded(record.finishedAt));
  return { ...record, startedAt, finishedAt };
}

/**
 * A list route's answer (F46): the page under `name`, `next` (the key to send as `after` for the
 * following page; null on the last), and while more follow `@odata.nextLink`: this request's
 * origin-relative URL with `after` set to `next`, every other option kept.
 */
export function pageBody<T>(url: string, name: string, page: Page<T>): Record<string, unknown> {
  const body: Record<string, unknown> = { [name]: page.items, next: page.next };
  if (page.next !== null) {
    const u = new URL(url, 'http://facade.invalid');
    u.searchParams.set('after', page.next);
    body['@odata.nextLink'] = `${u.pathname}${u.search}`;
  }
  return body;
}

/** A list route's summary suffix: how its pages are cut. */
export const PAGE_SUMMARY = `at most ${STATE_LIMITS.pageSize} a page in key order (\`after\`, \`limit\`, @odata.nextLink)`;

/** The page of a list when the caller has no sync folder yet. */
export const EMPTY_PAGE: Page<never> = { items: [], next: null };

/** The store's page request from a list route's query; the limit defaults to the state API's page size. */
export function pageOf(query: Static<typeof pageQuery>): { limit: number; after?: string } {
  return {
    limit: query.limit ?? STATE_LIMITS.pageSize,
    ...(query.after !== undefined ? { after: query.after } : {}),
  };
}

/**
 * How long past a moment its holder may have had writes out a lease the routes granted is kept
 * (lease.ts writeSettleMs): a write the pane sent lands within the pane's Graph timeout (its own,
 * the default) or, sent through the facade, its state call's and this facade's BC or Graph timeout.
 */
export function paneWriteSettleMs(svc: SyncServices): number {
  const { graphMs, bcMs } = svc.ctx.config.timeouts;
  return writeSettleMs([DEFAULT_TIMEOUTS.graphMs, DEFAULT_TIMEOUTS.stateMs, graphMs, bcMs]);
}
