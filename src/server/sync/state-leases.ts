import type { FastifyRequest } from 'fastify';
import { leaseAnswer, noContent } from './answer-schemas.js';
import { takeLinePlace } from '../../core/create-turn.js';
import { CREATE_TURN_LINE, createTurnCompany, createTurnKey, createTurnSlot } from '../../core/lease.js';
import { bodyFields, leaseReplay } from '../replay.js';
import type { Replay } from '../replay.js';
import { markInterrupted } from '../../core/run.js';
import { letGoOrKeep, markLetGo } from '../../core/run-interrupted.js';
import { leaseBody } from './schemas.js';
import type { SyncServices } from './services.js';
import { leaseTarget, leaseTime, paneWriteSettleMs } from './state-helpers.js';
import { stateWriter } from './state-admission.js';
import { TurnHolds } from './turn-holds.js';
import { ReleasedTakes } from './released-takes.js';
import { MemoryTurnHoldRecords } from '../../core/turn-hold-records.js';
import type { TypeBoxApp } from '../typebox-app.js';

/**
 * The lease routes of the sync state API (`/state/lease/*`): the pane's engine takes, renews and
 * releases its folder's run lease and its company's create turn through them (state.ts registers
 * them with the other state routes).
 */
export function addLeaseRoutes(app: TypeBoxApp, svc: SyncServices, tags: string[]): void {
  const s = svc.store;
  // Counted in the store when the facade has one, so every process on it counts alike (R2).
  const records = svc.ctx.turnHolds ?? new MemoryTurnHoldRecords();
  const holds = new TurnHolds(records);
  const settleMs = paneWriteSettleMs(svc);
  // A take's acquire lands within its state call's timeout of its send, before its release was sent.
  const releasedTakes = new ReleasedTakes(records, settleMs);
  // A lease's body is a key and an owner: the app's own limit, so it is no bulk request
  // (work-limits.ts) — a run's renewal is never refused for the user's other work.
  // A kept answer only to a caller the route admits now: a state writer, and for a company's
  // create turn one of its members (replay.ts ReplayAccess).
  const access = async (request: FastifyRequest) => {
    await stateWriter(svc, request);
    const { key, owner } = bodyFields(request);
    if (typeof key === 'string' && typeof owner === 'string') await leaseTarget(svc, request, key, owner);
  };
  const leaseOptions = (required: string[], replay: Replay) => ({
    config: { replay, access },
    bodyLimit: app.initialConfig.bodyLimit,
    schema: {
      tags,
      body: { ...leaseBody, required: [...leaseBody.required, ...required] },
      response: required.length > 0 ? { 200: leaseAnswer } : noContent,
    },
  });
  // A lease taken holds until the expiry its answer states, by the facade's clock (nobody else can
  // take it before); later the request runs again, and says whether the lease is the caller's now.
  // And only while the owner holds it still: a lease let go is not answered held. A create turn's
  // answer holds while the owner holds the place it names (`place`, else the one asked) or one
  // ahead of it (takeLinePlace may have moved it along), not one behind: an answer for the turn
  // itself was sent again while its owner only waited in line behind another's turn (review RV9).
  const granted = leaseReplay(
    () => Date.parse(svc.ctx.clock.now()),
    async (request, answer) => {
      const { key, owner } = bodyFields(request);
      if (typeof key !== 'string' || typeof owner !== 'string' || s.holdsLease === undefined) return true;
      const t = await leaseTarget(svc, request, key, owner);
      const company = createTurnCompany(t.key);
      if (typeof company !== 'string') return s.holdsLease([t.key], t.owner);
      const place = typeof answer.place === 'number' ? answer.place : (createTurnSlot(t.key) ?? 0);
      const ahead = Array.from({ length: Math.min(place, CREATE_TURN_LINE) + 1 }, (_, n) => n);
      return s.holdsLease(
        ahead.map((slot) => createTurnKey(company, slot)),
        t.owner,
      );
    },
  );
  // The end of a lease taken or renewed at `now` for `ttlMs`, as its answer states it: the store's
  // own is no earlier (it dates the lease at or after `now`; a place in a create turn's line that
  // the walk ends on lasts at least as long: create-turn.ts takeLinePlace).
  const until = (now: string, ttlMs: number) => new Date(Date.parse(now) + ttlMs).toISOString();
  app.post('/lease/acquire', leaseOptions(['now', 'ttlMs'], granted), async (request) => {
    await stateWriter(svc, request);
    const t = await leaseTarget(svc, request, request.body.key, request.body.owner);
    const at = leaseTime(svc, t, request.body.now, request.body.ttlMs ?? 0);
    const nowMs = Date.parse(at.now);
    // The take's release came first (the pane closed as it asked): a dead holder is granted
    // nothing, nor a lease kept for its writes cut short (ReleasedTakes).
    if (await releasedTakes.released(t.key, t.owner, request.body.take, nowMs))
      return { ok: false, heldBy: { owner: '', expiresAt: at.now } };
    // The pane's engine holds it from a browser: no process here to probe, the lease only expires.
    // A create turn's hold, and a user's stay in its line, are bounded (F72 rest; turn-holds.ts).
    const ttlMs = await holds.acquired(t.key, t.owner, nowMs, at.ttlMs, t.userId);
    if (typeof ttlMs !== 'number')
      return {
        ok: false,
        heldBy: { owner: '', expiresAt: new Date(ttlMs.untilMs).toISOString() },
        reason: ttlMs.refused,
      };
    // A create turn's place is taken as its line allows (FIFO hand-off, create-turn.ts).
    const slot = t.shared ? createTurnSlot(t.key) : null;
    // The take's own id, when the caller names one (review RV11): its release lets go of it only.
    const takeId = request.body.take;
    const take = () =>
      slot === null
        ? s.acquireLease(t.key, t.owner, at.now, ttlMs, null, takeId)
        : takeLinePlace(
            { store: s, clock: svc.ctx.clock, holder: null },
            createTurnCompany(t.key) ?? undefined,
            t.owner,
            slot,
            ttlMs,
            // A place the walk ends on is bounded as the one asked for.
            slot === 0 ? undefined : ttlMs,
            takeId,
          );
    // `acquired` reserved the user's one place in the line: given back when none was taken.
    const result = await take().catch(async (err: unknown) => {
      // A user's lease whose answer was lost may be held: let go, as takeLinePlace lets a line's
      // places go, so the caller answered 500 keeps no folder from its own runs until it runs out.
      if (slot === null) await s.releaseLease(t.key, t.owner, takeId).catch(() => undefined);
      await holds.notPlaced(t.key, t.owner, nowMs, t.userId);
      throw err;
    });
    if (slot !== null && result.ok) {
      const place = result.place ?? slot;
      // A place taken but not counted is let go: the caller, answered 500, does not know it holds
      // it, and would keep the company's line waiting until it ran out.
      await holds.placed(t.key, t.owner, nowMs, place, ttlMs, t.userId).catch(async (err: unknown) => {
        await s.releaseLease(createTurnKey(createTurnCompany(t.key) ?? undefined, place), t.owner, takeId);
        throw err;
      });
    } else await holds.notPlaced(t.key, t.owner, nowMs, t.userId);
    if (!result.ok)
      // Who holds another user's turn is theirs to know: only until when.
      return t.shared ? { ok: false, heldBy: { owner: '', expiresAt: result.heldBy.expiresAt } } : result;
    // The pane's engine leaves this to us (HttpSyncStateStore.marksInterruptedOnLease).
    if (!t.shared)
      await markInterrupted(s, t.userId, t.owner, t.key, at.now).catch(async (err: unknown) => {
        await s.releaseLease(t.key, t.owner, takeId);
        throw err;
      });
    return { ...result, expiresAt: until(at.now, ttlMs) };
  });
  app.post('/lease/renew', leaseOptions(['now', 'ttlMs'], granted), async (request) => {
    await stateWriter(svc, request);
    const t = await leaseTarget(svc, request, request.body.key, request.body.owner);
    const at = leaseTime(svc, t, request.body.now, request.body.ttlMs ?? 0);
    const ttlMs = await holds.renewal(t.key, t.owner, Date.parse(at.now), at.ttlMs, t.userId);
    // Past its hold the turn (or the user's stay in line) is not renewed: it runs out, and the
    // next in line takes it.
    if (typeof ttlMs !== 'number') return { ok: false, reason: ttlMs };
    const ok = await s.renewLease(t.key, t.owner, at.now, ttlMs, request.body.take);
    return ok ? { ok, expiresAt: until(at.now, ttlMs) } : { ok };
  });
  app.post('/lease/release', leaseOptions([], 'record'), async (request, reply) => {
    await stateWriter(svc, request);
    const t = await leaseTarget(svc, request, request.body.key, request.body.owner);
    const take = request.body.take;
    const now = svc.ctx.clock.now();
    if (request.body.inFlight === true)
      await releasedTakes.remember(t.key, t.owner, take, t.userId, Date.parse(now));
    // A holder whose sent writes may still land keeps the key until they can no more (core
    // letGoOrKeep; its record marked interrupted at once): the hold ends for the turn's count.
    const outcome = await letGoOrKeep(s, {
      userId: t.userId,
      runId: t.owner,
      leaseKey: t.key,
      ...(take === undefined ? {} : { take }),
      inFlight: request.body.inFlight === true,
      shared: t.shared,
      now,
      settleMs,
    });
    // A take that is no longer the owner's (let go already, replaced by its next take: review
    // RV11) ends no hold: the owner's next take still holds the turn, and its hold goes on.
    if (outcome === 'released' && take !== undefined && (await s.holdsLease?.([t.key], t.owner)))
      return reply.status(204).send(null);
    await holds.released(t.key, t.owner, Date.parse(now), t.userId);
    // The pane's run let go without its end stored and its lease let go (the reaper would mark
    // it): interrupted now, not at the reaper's next sweep.
    if (outcome === 'released' && !t.shared) await markLetGo(s, t.userId, t.owner, t.key, now);
    return reply.status(204).send(null);
  });
}
