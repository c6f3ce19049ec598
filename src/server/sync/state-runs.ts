import type { FastifyRequest } from 'fastify';
import { quotedRefusal } from '../quoted-refusal.js';
import * as A from './answer-schemas.js';
import { runIdParams, runRecordSchema, runSaveQuery, stateRunsQuery, userQuery } from './schemas.js';
import type { SyncServices } from './services.js';
import { announcedKeepMs } from '../../core/lease.js';
import { bcCreatesOut } from '../../store/announced-keep.js';
import { leaseTarget, paneWriteSettleMs, stampRunTimes, writerOf } from './state-helpers.js';
import { uncertainTotal } from '../../core/uncertain-writes.js';
import { stateWriter } from './state-admission.js';
import type { TypeBoxApp } from '../typebox-app.js';
import type { RunRecord } from '../../core/records.js';
import type { SyncStateStore } from '../../core/ports.js';
import { carriedOrigin, companyChange, readRecentRuns, stateOriginIn } from '../../core/state-origin.js';
import { stateCompanyIn } from './state-company.js';

/**
 * The run record routes of the sync state API (`/state/runs*`): the pane's engine saves its run's
 * record (fenced by its lease) and reads its runs back (state.ts registers them with the other state
 * routes). `userOf(request, claimed)` answers the token's user, 403 when `claimed` is another's.
 */
export function addRunRecordRoutes(
  app: TypeBoxApp,
  svc: SyncServices,
  tags: string[],
  userOf: (request: FastifyRequest, claimed: string) => Promise<string>,
): void {
  const s = svc.store;
  app.put(
    '/runs/:id',
    {
      schema: {
        tags,
        params: runIdParams,
        querystring: runSaveQuery,
        body: runRecordSchema,
        response: A.noContent,
      },
    },
    async (request, reply) => {
      await userOf(request, request.body.userId);
      await stateWriter(svc, request);
      if (request.body.id !== request.params.id)
        throw quotedRefusal(
          400,
          'BadRequest',
          { name: 'id', value: request.body.id },
          (shown) => `The record's id ${shown} is not the id in the path.`,
          { target: 'body.id', kind: 'notPathId' },
        );
      const stored = await s.getRun(request.body.userId, request.body.id);
      const record = await ofStateCompany(s, request.body, stored, () => memberOf(svc, request.body.userId));
      const w = await writerOf(svc, request, request.query);
      const now = svc.ctx.clock.now();
      await w.saveRun(stampRunTimes(record, stored, now));
      // The pane's run announces each write call in this save before it sends it (F114: counted
      // uncertain). Its lease, renewed by heartbeats for LEASE_TTL_MS, ran out 30 s after a pane
      // died while the write could land up to its timeout after it was sent, and the next run
      // wrote the same contact (brief leasegaps item 1). Kept announcedKeepMs of the write settle
      // past this save instead (never shortened: renewLease; a write it announces goes out up to
      // IN_TURN_FRESH_MS after it): a pane that died with writes out frees its folder 70 s after
      // its last save at the defaults, one that died reading or idle after its LEASE_TTL_MS as
      // before. The holder cannot be probed (a browser), so its lease is all.
      const { leaseKey, leaseOwner, turnKey, turnOwner } = request.query;
      if (record.status === 'running' && uncertainTotal(record.uncertain) > 0 && leaseKey && leaseOwner) {
        const keepMs = announcedKeepMs(paneWriteSettleMs(svc));
        const t = await leaseTarget(svc, request, leaseKey, leaseOwner);
        await s.renewLease(t.key, t.owner, now, keepMs);
        // The company's create turn its BC creates went out under, as far (LeaseFence.turn): a
        // colleague's creator must not find those addresses missing in BC while they may land.
        if (turnKey && turnOwner && bcCreatesOut(record)) {
          const turn = await leaseTarget(svc, request, turnKey, turnOwner);
          if (turn.shared) await s.renewLease(turn.key, turn.owner, now, keepMs);
        }
      }
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/runs/:id',
    { schema: { tags, params: runIdParams, querystring: userQuery, response: { 200: A.stateRunAnswer } } },
    async (request) => ({
      run: await s.getRun(await userOf(request, request.query.userId), request.params.id),
    }),
  );
  app.get(
    '/runs',
    {
      schema: {
        tags,
        querystring: stateRunsQuery,
        response: { 200: A.stateRunsAnswer },
      },
    },
    async (request) => ({
      runs: await s.listRuns(await userOf(request, request.query.userId), request.query.limit ?? 20),
    }),
  );
}

/**
 * The record a client PUTs, as it is stored: naming the company the user's state belongs to, once
 * the state names one. That company is read from the newest run records (core/state-origin.ts),
 * and the state routes answer its stored contact values only to its members (state-admission.ts);
 * these records are the client's input, so one naming another company of the user's, or 20 naming
 * none, moved the state's company and a user removed from it read its contacts again (review,
 * test/server/state-company-records). The engine never writes either (there is no company move):
 * a run names the state's company from its start, and one for another company stops
 * `companyChanged` carrying the state's over (run.ts). So a record naming another is refused (400),
 * and one naming none carries the state's company over, as the server's refusal records do.
 * One read of the recent records per run id (none while the id's stored record names the same).
 * A stored record keeps its kind (`dryRun`): flagged a dry run's, a run's record was hidden.
 * While the state names no company yet, a record's company must be one of the user's (review RV9:
 * one naming a company they are no member of gave the state to it, and every read of it answered
 * 403 and every run stopped `companyChanged`, with no way back but the database).
 */
async function ofStateCompany(
  store: SyncStateStore,
  record: RunRecord,
  stored: RunRecord | null,
  /** The user's companies, lower case (null: no admission, every company is anyone's). */
  companies: () => Promise<ReadonlySet<string> | null>,
): Promise<RunRecord> {
  const same = (a: string | undefined, b: string | undefined) =>
    a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
  // A dry run's record is read by no reader of the user's runs (listRuns skips it): a record sent
  // again as the other kind hid a run's record, and with it the company it names. No run changes kind.
  if (stored !== null && stored.dryRun !== record.dryRun)
    throw quotedRefusal(
      400,
      'BadRequest_InvalidValue',
      { name: 'runId', value: record.id },
      (shown) => `Run ${shown} is ${stored.dryRun ? 'a dry run' : 'a run'}; its record keeps that.`,
      { target: 'dryRun', kind: 'runKind', message: 'not the kind of the stored record' },
    );
  if (same(record.companyId, stored?.companyId)) return record;
  const runs = await readRecentRuns(store, record.userId);
  const own = await stateCompanyIn(store, record.userId, runs);
  if (own === null) {
    const named = record.companyId;
    if (named === undefined) return record;
    const theirs = await companies();
    if (theirs === null || theirs.has(named.toLowerCase())) return record;
    throw quotedRefusal(
      400,
      'BadRequest_InvalidValue',
      { name: 'companyId', value: named },
      (shown) => `The record names company ${shown}, of which the user is no member.`,
      { target: 'companyId', kind: 'notMember', message: 'not a company of the user' },
    );
  }
  if (record.companyId === undefined) {
    const origin = stateOriginIn(runs);
    const { companyId, companyName } = carriedOrigin(
      same(origin.companyId ?? undefined, own) ? origin : { ...origin, companyId: own, companyName: null },
    );
    return { ...record, ...(companyId ? { companyId } : {}), ...(companyName ? { companyName } : {}) };
  }
  if (companyChange(own, record.companyId) === null) return record;
  throw quotedRefusal(
    400,
    'BadRequest_InvalidValue',
    { name: 'companyId', value: record.companyId },
    (shown) =>
      `The record names company ${shown}; the user's sync state belongs to ${own}, and a run record names that one.`,
    { target: 'companyId', kind: 'otherCompany', message: "not the company of the user's sync state" },
  );
}

/** The user's companies in lower case, as a state write reads them; null without admission. */
async function memberOf(svc: SyncServices, userId: string): Promise<ReadonlySet<string> | null> {
  const admission = svc.ctx.stateAdmission;
  if (!admission) return null;
  return new Set([...(await admission.companiesOf(userId))].map((c) => c.toLowerCase()));
}
