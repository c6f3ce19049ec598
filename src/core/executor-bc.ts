import { NO_RESULT, settleAll, settleWrites, stampAfterBcCreate } from './executor-support.js';
import type { DeferredCreate, WriteSession } from './executor-support.js';
import { takeCreateTurn } from './create-turn.js';
import { withCreateTurn } from './create-turn-hold.js';
import { turnSends } from './turn-sends.js';
import type { TurnSends } from './turn-sends.js';
import { createdIdsAhead, importDraft } from './create-keys.js';
import { DEFAULT_WRITE_SETTLE_MS, createTurnWaitMs } from './lease.js';
import { makeLink } from './link.js';
import type { Link } from './link.js';
import { bcPatch, bcToSyncFields } from './mapping.js';
import { nextBase } from './merge.js';
import { writesOutlook } from './plan.js';
import type { PlanItem } from './plan.js';
import { turnOwnerOf, turnTakeOf } from './turn-ahead.js';
import type { AheadTurn } from './turn-ahead.js';
import { announcing, sending } from './uncertain-writes.js';
import type { AnnouncedCall } from './uncertain-writes.js';
import { normalizeEmail } from './model.js';
import type { BcContact } from './model.js';
import type { SendAgain, WriteOutcome } from './ports.js';
import { PendingBcGroup } from './pending-creates.js';
import { SentRecord, clearPending } from './bc-sent-record.js';

/**
 * One group of BC writes: creates and updates go out together, then their links are stored once.
 * The updates do not wait for the create turn (issue 12 §2: a delta with new and edited Outlook
 * contacts sent BC's updates only after the turn's walk, look-up and creates had ended): the turn
 * guards the look-up of a create's E-Mail and the create, which no update of an existing contact
 * takes part in. A pair whose Outlook side still needs a write (the BC id stamp after a create,
 * or the merged values after an update) is left in `session.pairs` for the Outlook phase.
 *
 * An update whose pair needs no Outlook write, in a group with creates, goes once the creates
 * answered (or were deferred), beside the BC id stamps, and nothing in the phases waits for it
 * (WriteSession.behind): the creates, their look-up and the stamps after them are the group's
 * path, and BC serves one caller's requests on shared resources (issue 12: at 10,000 the look-up
 * under the turn took 411 ms beside 50 updates, the creates 690 ms, while Graph's stamps waited).
 * Its count is announced with the group's start (F114), in the creates' save; it is saved again
 * right before it goes (AnnouncedCall.send: a cancel marked while BC made the creates is seen). Not `follow`: an update answered stale re-plans its pair, whose Outlook
 * write waits for what was followed, so the update must not be among it (ebffddd: the run hung).
 * Its links go as an Outlook group's do (end-links.ts): with the run's end when nothing of the run
 * writes after them (issue 12, delta-outlook-1pct at 10,000: BC's 50 updates answered after the
 * last stamps, then their links were a store round trip of their own before the end's).
 */
export async function writeBc(session: WriteSession, chunk: readonly PlanItem[]): Promise<void> {
  const creates = chunk.filter(
    (i): i is Extract<PlanItem, { kind: 'createInBc' }> => i.kind === 'createInBc',
  );
  const updates = chunk.filter((i): i is BcUpdate => i.kind === 'update');
  const after = creates.length > 0 ? updates.filter((u) => !writesOutlook(u)) : [];
  const now = after.length > 0 ? updates.filter((u) => writesOutlook(u)) : updates;
  const { store, scope } = session.ctx;
  // The values the updates send, recorded before any goes out (sent-ahead.ts): those sent now in
  // one store write started with the group, beside its announce and its creates' turn (no round of
  // its own); those sent after the creates in the creates' pending record (no store call of their own).
  const recorded = new SentRecord(session, now);
  const sentAfter = new SentRecord(session, after);
  if (now.length > 0) void recorded.saved();
  const storeLinks = async (links: readonly Link[]): Promise<void> => {
    if (links.length > 0) await store.upsertLinks(scope, links);
  };
  /** The updates, then their links stored without waiting for them (WriteSession.follow). */
  const update = async (list: readonly BcUpdate[]): Promise<void> => {
    const links: Link[] = [];
    const settled: string[] = [];
    await updateInBc(session, list, links, settled, recorded);
    // The updates' pending entries (sent-ahead.ts) go once their links are stored.
    session.follow(storeLinks(links).then(() => clearPending(session, settled)));
  };
  // Counted in the save that announces the group's creates (F114), beside the look-up under the
  // turn; a group whose creates never reach the turn (deferred) announces them on its own.
  const later: { call?: AnnouncedCall } = {};
  const announceLater = (): AnnouncedCall =>
    (later.call ??= announcing(session.ledger, 'bc', 'updated', after.length));
  // Each kind stores its links as soon as its writes answered: the updates' do not wait for the
  // create turn, and the creates' go out with the turn's release (issue 12 §2: a round trip each).
  // Neither is waited for here: the pairs' Outlook writes go out meanwhile (WriteSession.follow).
  try {
    await settleAll([createInBc(session, creates, storeLinks, announceLater, sentAfter), update(now)]);
  } catch (e) {
    later.call?.drop();
    throw e;
  }
  if (after.length > 0) session.behind(updated(session, after, sentAfter, announceLater()));
}

/**
 * Updates sent behind the phases, answering the links they made (WriteSession.behind stores them,
 * or hands them to the run's end when nothing of the run writes after them: end-links.ts).
 */
async function updated(
  session: WriteSession,
  list: readonly BcUpdate[],
  recorded: SentRecord,
  announced: AnnouncedCall,
): Promise<readonly Link[]> {
  const links: Link[] = [];
  const settled: string[] = [];
  await updateInBc(session, list, links, settled, recorded, announced);
  // Their links are stored with the run's end: their entries (sent-ahead.ts) with them. Without an
  // end taking them they stay for the next run's recovery, which finds the links stored.
  if (session.ctx.endLinks) await clearPending(session, settled);
  return links;
}

/** How long a group waits in line for the create turn: derived from the host's write settle (lease.ts). */
const turnWaitMs = (ctx: WriteSession['ctx']): number =>
  createTurnWaitMs(ctx.writeSettleMs ?? DEFAULT_WRITE_SETTLE_MS);

type BcUpdate = Extract<PlanItem, { kind: 'update' }>;
type BcCreate = Extract<PlanItem, { kind: 'createInBc' }>;

/**
 * One run's groups take the create turn one after another (they share the turn's owner), and once
 * the turn did not come within its wait (turnWaitMs) the run's later groups defer at once: the wait
 * is bounded per run, not per group.
 */
const turns = new WeakMap<
  object,
  { last: Promise<void>; gaveUp: boolean; takes: number; sends: TurnSends | null }
>();

/**
 * BC creates of one group under the company's create turn (tester F61: two users of one company
 * importing the same new person at once made two BC contacts — check-then-create across runs).
 * The turn is ONE lease per company in the state store (core/lease.ts createTurnKey), taken by
 * every creator: server, CLI and pane runs and "This sender", in the order they asked
 * (create-turn.ts: a line of leases, tester F72), and held only around this group's look-up and
 * creates, renewed on the host's ticker meanwhile. Under it the drafts' E-Mails are looked up again
 * in BC; a draft whose address BC now holds (another creator made it since this run read BC) is
 * not created. Neither a turn that did not come nor such a draft is a failure (tester F69): the
 * drafts are `deferred` with their reason, the run keeps its cursor, its record counts them, and
 * the next sync creates or matches them (design §2). Without `clock` (executor tests) there is no
 * turn, only the look-up.
 */
async function createInBc(
  session: WriteSession,
  creates: readonly BcCreate[],
  storeLinks: (links: readonly Link[]) => Promise<void>,
  beside: () => void,
  /** The entries of the updates sent after the creates: recorded with the creates'. */
  along: SentRecord,
): Promise<void> {
  if (creates.length === 0) return;
  const links: Link[] = [];
  /** Pending entries of drafts settled: cleared once their links are stored. */
  const settledKeys: string[] = [];
  const { ctx } = session;
  const state = turns.get(ctx) ?? { last: Promise.resolve(), gaveUp: false, takes: 0, sends: null };
  turns.set(ctx, state);
  const defer = (list: readonly BcCreate[], reason: DeferredCreate['reason']): void => {
    session.res.deferred.push(...list.map((c) => ({ outlookId: c.outlookId, reason })));
  };
  // The creates answered (`created`): their pairs' Outlook writes need not wait for the links and
  // the turn's release (issue 12 §2: a round trip between BC's answer and the BC id stamps). The
  // run's next group takes the turn only once it was let go.
  let created: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (created = resolve));
  const mine = state.last.then(async (): Promise<void> => {
    const owner = turnOwnerOf(ctx.scope);
    const clock = ctx.clock;
    const underTurn = async (
      ahead: AheadTurn | null,
      turnHeld?: () => Promise<boolean>,
      sending: TurnSends['sending'] = (send) => send(),
    ) => {
      // The creates are in the record (F114) while the look-up is out, not a round trip after it,
      // and so are the BC id stamps that follow them and the group's updates sent after them
      // (the same save: UpdatesAhead, `beside`). Each of those calls is saved again right before it
      // goes (`send`, `sending`): a cancel marked at any process meanwhile is seen then (V10's kind).
      // The ids a BC naming keyed creates gives them, known ahead: kept in their pending entries.
      // Asked of the facade by the pane's engine as Graph answered (CreatedIdsEarly), or else
      // beside the look-up (createdIdsAhead).
      const createdIds = createdIdsAhead(ctx.bc, creates, ctx.createdIdsEarly);
      beside();
      const call = announcing(session.ledger, 'bc', 'created', creates.length);
      // Recorded as pending beside that save, before any of them goes out: a lost answer is found
      // again by the next run of any host by the address it sent (pending-creates.ts).
      const pending = new PendingBcGroup(ctx.store, ctx.scope, creates, createdIds, along.keys());
      along.joined(pending.recorded);
      const ids = creates.map((c) => c.outlookId);
      session.updatesAhead.count(ids);
      const emails = creates.map((c) => normalizeEmail(c.fields.email)).filter((e) => e !== '');
      let found: readonly BcContact[];
      // Whether BC is asked now (not all answered by the turn taken ahead): the creates' save then
      // went out beside a BC request, and is saved again before them (AnnouncedCall.send).
      const asks = emails.some((e) => !(ahead?.looked?.emails.has(e) ?? false));
      try {
        found = await lookedUp(ctx.bc, emails, ahead);
      } catch (e) {
        call.drop();
        session.updatesAhead.release(ids);
        throw e;
      }
      const held = new Set(found.map((c) => normalizeEmail(c.email)));
      const fresh = creates.filter((c) => {
        const email = normalizeEmail(c.fields.email);
        return email === '' || !held.has(email);
      });
      const kept = creates.filter((c) => !fresh.includes(c));
      session.updatesAhead.release(kept.map((c) => c.outlookId));
      pending.settle(kept.map((c) => c.outlookId));
      defer(kept, 'createdElsewhere');
      // The look-up holds only while the turn is still ours: one lost meanwhile (a stall past it)
      // may have let another creator make these addresses; the next sync matches or makes them.
      let still = true;
      try {
        if (fresh.length > 0 && turnHeld) still = await turnHeld();
      } catch (e) {
        call.drop();
        session.updatesAhead.release(fresh.map((c) => c.outlookId));
        throw e;
      }
      if (!still) {
        call.drop();
        session.updatesAhead.release(fresh.map((c) => c.outlookId));
        pending.settle(fresh.map((c) => c.outlookId));
        defer(fresh, 'createTurnBusy');
        return;
      }
      // A draft the adapter sends again (after a 429's wait, or a lost answer found not applied)
      // goes only while the run's lease and the turn are still held: the check above ran once,
      // before the first send (crash-hosts model seed 33: a create refused 429, the run paused,
      // another host made the contact; the adapter's resend made a second).
      const again = async (): Promise<boolean> => {
        await session.ledger.held?.();
        return turnHeld ? turnHeld() : true;
      };
      try {
        await createNow(session, fresh, links, { call, waited: asks }, again, pending, sending);
      } finally {
        settledKeys.push(...pending.settledKeys());
      }
    };
    const linked = async (): Promise<void> => {
      await storeLinks(links);
      await clearPending(session, settledKeys);
    };
    if (!clock) {
      await underTurn(null);
      created();
      return linked();
    }
    const deps = {
      store: ctx.store,
      clock,
      ...(ctx.pause ? { pause: ctx.pause } : {}),
      ...(ctx.waits ? { waits: ctx.waits } : {}),
      ...(ctx.ticker ? { ticker: ctx.ticker } : {}),
      stopped: () => ctx.cancel?.isCancelled() ?? false,
      settleMs: ctx.writeSettleMs ?? DEFAULT_WRITE_SETTLE_MS,
      // The run's creates of unknown outcome, across its groups (one owner): a later group's
      // release keeps the turn an earlier group's create may still land under.
      sends: (state.sends ??= turnSends(clock)),
    };
    // The turn the run took while it read (turn-ahead.ts), for its first group: held already.
    const ahead = (await ctx.turnAhead?.claim(owner)) ?? null;
    // When the turn was asked for: its renewals count from about then (withCreateTurn's `held`).
    const askedAt = ahead?.askedAtMs ?? clock.monotonicMs();
    // Each group's take of the turn has its own id, so its release lets go of it only (RV11).
    const take = ahead ? ahead.take : ctx.createMark ? turnTakeOf(ctx.createMark, state.takes++) : undefined;
    if (
      ahead === null &&
      (state.gaveUp || !(await takeCreateTurn(deps, ctx.bc.companyId, owner, turnWaitMs(ctx), take)))
    ) {
      state.gaveUp = true;
      return defer(creates, 'createTurnBusy');
    }
    await withCreateTurn(
      deps,
      ctx.bc.companyId,
      owner,
      async (turnHeld, sending) => {
        await underTurn(ahead, turnHeld, sending);
        created();
      },
      linked,
      askedAt,
      take,
    );
  });
  state.last = mine.catch(() => undefined);
  // Followed before the creates answer: the stamps written as each part answers (createNow) store
  // their links after the creates' links (a pair's newer link lands last).
  session.follow(mine);
  await Promise.race([answered, mine]);
}

/**
 * BC's contacts holding `emails` (normalized), asked under the turn: what the turn taken ahead
 * looked up once it was held answers for the e-mails it asked (no creator made a contact since: each
 * takes the turn first), the rest are asked now.
 */
async function lookedUp(
  bc: WriteSession['ctx']['bc'],
  emails: readonly string[],
  ahead: AheadTurn | null,
): Promise<readonly BcContact[]> {
  const looked = ahead?.looked;
  const rest = looked ? emails.filter((e) => !looked.emails.has(e)) : emails;
  const found = rest.length === 0 ? [] : await bc.findByEmails(rest);
  return looked ? [...looked.found, ...found] : found;
}

/**
 * The creates of one group in one call. Each create answered is settled as its part of the call
 * answers (BcContacts.create's `answered`): its link noted, and its BC id stamp written at once
 * (WriteSession.stamp) while BC makes the rest (issue 12, delta-outlook-1pct at 10,000: Graph's 50
 * stamps waited 155 ms for the last of BC's 50 creates). Should the call fail after some parts
 * answered, their links are stored before the failure is thrown: those contacts exist in BC.
 */
async function createNow(
  session: WriteSession,
  creates: readonly BcCreate[],
  links: Link[],
  announced: { readonly call: AnnouncedCall; readonly waited: boolean },
  again: SendAgain,
  pending: PendingBcGroup,
  /** The turn's (withCreateTurn): a create of unknown outcome keeps it. */
  sending: TurnSends['sending'],
): Promise<void> {
  const { ctx } = session;
  const { call } = announced;
  try {
    await pending.recorded;
  } catch (e) {
    // Not recorded: none goes out (a lost answer could not be found again).
    call.drop();
    session.updatesAhead.release(creates.map((c) => c.outlookId));
    throw e;
  }
  const settled = new Set<number>();
  /** Whether the call is still out: creates it answers meanwhile stop counting as uncertain then. */
  let callOut = true;
  const settle = (at: readonly number[], outcomes: readonly (WriteOutcome<BcContact> | undefined)[]) => {
    const stamps: PlanItem[] = [];
    let fresh = 0;
    at.forEach((n, k) => {
      const item = creates[n];
      if (item === undefined || settled.has(n)) return;
      settled.add(n);
      fresh++;
      const outcome = outcomes[k];
      // Known done or refused: its entry may go; an unknown outcome stays pending.
      if (outcome?.ok || (outcome && outcome.error.kind !== 'unknownOutcome'))
        pending.settle([item.outlookId]);
      const stamp = settleCreate(session, item, outcome, links);
      if (stamp) stamps.push(stamp);
    });
    // Counted done (or failed) now: no longer uncertain in a record saved while the rest are out.
    if (callOut) call.answered(fresh);
    if (stamps.length > 0) session.stamp(stamps);
  };
  let out: WriteOutcome<BcContact>[];
  try {
    out = await call.send(
      creates.length,
      () =>
        sending(() =>
          ctx.bc.create(
            // The import's key (create-keys.ts): a create stalled past the turn and sent after
            // another host made the contact is answered that contact (lead's trust list, item 1).
            creates.map(importDraft),
            settle,
            again,
          ),
        ),
      announced.waited,
    );
  } catch (e) {
    session.updatesAhead.release(creates.filter((_, n) => !settled.has(n)).map((c) => c.outlookId));
    if (links.length > 0) await ctx.store.upsertLinks(ctx.scope, links);
    throw e;
  }
  callOut = false;
  settle(
    creates.map((_, n) => n),
    out,
  );
}

/**
 * One create's answer: counted, its link noted and its pair kept (the stamp returned), or failed
 * (no BC contact, no stamp).
 */
function settleCreate(
  session: WriteSession,
  item: BcCreate,
  r: WriteOutcome<BcContact> | undefined,
  links: Link[],
): PlanItem | null {
  if (!r || !r.ok) {
    session.updatesAhead.release([item.outlookId]);
    session.fail('bc', item, r?.error ?? NO_RESULT);
    return null;
  }
  session.res.counts.bc.created++;
  const bcFields = bcToSyncFields(r.value);
  const link = makeLink(
    { bcId: r.value.id, outlookId: item.outlookId },
    nextBase(null, bcFields, item.fields),
    { bcEtag: r.value.etag, outlookChangeKey: item.changeKey },
    item.outlookOwn,
  );
  links.push(link);
  // The stamp of the BC id (and BC's name) on the Outlook contact goes out now (WriteSession.stamp).
  const stamp = stampAfterBcCreate(link, item, bcFields);
  session.pairs.set(link.bcId, { link, bcFields, item: null, createdInBc: true });
  return stamp;
}

/** BC updates of one group; `announced`: their count was saved already (`announcing`). */
async function updateInBc(
  session: WriteSession,
  updates: readonly BcUpdate[],
  links: Link[],
  /** The pending entries whose outcome is known, to clear once the links are stored. */
  settled: string[],
  recorded: SentRecord,
  announced?: AnnouncedCall,
): Promise<void> {
  const { ctx, res, pairs } = session;
  // Sent again by the adapter only while the run's lease is still held (SendAgain).
  const again = async (): Promise<boolean> => {
    await session.ledger.held?.();
    return true;
  };
  const call = () =>
    ctx.bc.update(
      updates.map((u) => ({ id: u.bcId, etag: u.bc.stamp, patch: bcPatch(u.bc.current, u.bc.target) })),
      again,
    );
  // Not recorded: none goes out (a lost answer's values would read as a user's edit), and none
  // counts as sent (`ready`: else a failed record kept the folder's lease as if they were out).
  const ready = updates.length > 0 ? recorded.saved() : undefined;
  const out = announced
    ? await announced.send(updates.length, call, true, ready)
    : await sending(session.ledger, 'bc', 'updated', updates, call, 0, ready);
  out.forEach((r, n) => {
    const key = recorded.keyOf.get(updates[n] as BcUpdate);
    if (key && (r.ok || r.error.kind !== 'unknownOutcome')) settled.push(key);
  });
  await settleWrites(session, 'bc', updates, out, (item, value) => {
    res.counts.bc.updated++;
    const bcFields = bcToSyncFields(value);
    const base = nextBase(item.base, bcFields, item.outlook.current);
    const stamps = { bcEtag: value.etag, outlookChangeKey: item.outlook.stamp };
    const link = makeLink(item, base, stamps, item.outlookOwn);
    links.push(link);
    const follow = writesOutlook(item)
      ? { ...item, base, bc: { stamp: value.etag, current: bcFields, target: bcFields } }
      : null;
    pairs.set(item.bcId, { link, bcFields, item: follow, createdInBc: false });
  });
}
