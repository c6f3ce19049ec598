/**
 * The one home of the run lease (design §2 "one run at a time per user and folder, across
 * processes"; issue 13 §1, issue 9 §4). Every host — the engine, the facade's run manager and its
 * routes — takes the key and the timings from here.
 */

/** How long a lease lasts without a heartbeat: a silent holder elsewhere blocks the user no longer. */
export const LEASE_TTL_MS = 30_000;
/** How often a running run renews its lease (a third of the TTL: two missed beats are tolerated). */
export const LEASE_HEARTBEAT_MS = 10_000;
/**
 * How long past its TTL the lease of a holder on the same machine whose process still runs is
 * kept: its liveness is known from its pid, so its lease's age is no sign of death — a slow run
 * whose heartbeats were late on a loaded machine (two 10,000-contact runs ended `leaseLost` at
 * load 35: the reaper deleted their expired leases) keeps its lease. Bounded, because a pid can be
 * reused by another process after a crash.
 */
export const LIVE_HOLDER_GRACE_MS = 10 * 60_000;

/** Every lease key of a user starts with this: a user's leases live under the user. */
const userPrefix = (userId: string): string => `${userId}|`;

/** The lease key of a user's folder: the folder name as the user typed it, trimmed, case-folded. */
export function leaseKeyOf(userId: string, folderName: string): string {
  return userPrefix(userId) + folderName.trim().toLowerCase();
}

/**
 * A lease key a caller names (the sync API's lease routes, free text to the port), put under the
 * caller's user so no user can hold, renew or release another user's lease, in the folder key's
 * form (`leaseKeyOf`; every lease of a user is a folder's): a key already under the user (the
 * engine's own) or a folder's name as typed is that folder's one lease, so the pane's runs and the
 * facade's share one (review RV15: "Business Central" as typed was granted while a run of
 * "business central" held its lease, and fenced nothing that run wrote).
 */
export function userLeaseKey(userId: string, key: string): string {
  const prefix = userPrefix(userId);
  return leaseKeyOf(userId, key.startsWith(prefix) ? key.slice(prefix.length) : key);
}

/**
 * Calls `beat` every `everyMs` until the returned stop function is called. Injected by the host
 * (core has no timers); tests drive it by hand and may await the beat (it never rejects).
 */
export type Ticker = (everyMs: number, beat: () => Promise<void>) => () => void;

/**
 * How long a company's create turn lasts without a heartbeat: its holder renews it every
 * LEASE_HEARTBEAT_MS while one group's E-Mail look-up and creates are in flight
 * (create-turn-hold.ts withCreateTurn) and lets go after the group, so a holder that died frees it
 * after this (was 120 s without a heartbeat, tester F72).
 */
export const CREATE_TURN_MS = 30_000;

/**
 * Past the longest write timeout, before a lease let go with writes in flight is free: a request's
 * time on the wire and between the hosts' clocks.
 */
const WRITE_SETTLE_MARGIN_MS = 5_000;

/**
 * How long a save of the run's record vouches for a send in its turn (SendAgainAsked `inTurn`):
 * one asked later saves again first (`fresh`), one asked sooner checks the lease only. Graph asks
 * before every envelope of a write call, after its waits for the concurrency limiter's turn and the
 * quota pacer; a save each time was one store round trip per envelope inside the mailbox's turn
 * (04492f9: bench first-full 24 -> 73 store calls at 1,000 contacts, 228 -> 682 at 10,000). A
 * cancel marked at another process while a call's envelopes wait their turns stops every envelope
 * that would go more than this after it; a host's ticker saves the record every LEASE_HEARTBEAT_MS
 * anyway, and the process running a server run reads the mark every second (README "Cancelling a
 * run"). A send after a failure's wait (`afterFailure`: a 429's Retry-After, a 5xx, a lost answer
 * looked for) always saves first, however soon (review V10: a 30 s 429 wait). A write may so go
 * out up to this after the save that announced it: announcedKeepMs keeps the lease that much longer.
 */
export const IN_TURN_FRESH_MS = 5_000;

/**
 * How long past a save of a running run's record that counts writes sent without an answer its
 * lease and create turn are kept (store/announced-keep.ts announcedKeepEndMs, and the state API's
 * save of a pane's record), at a host whose write settle is `settleMs` (writeSettleMs): a write that
 * save announced goes out up to IN_TURN_FRESH_MS after it (a send in its turn saves again only once
 * that passed: run.ts `inTurn`; a BC create's `recheck`, a Graph envelope), then lands within the
 * settle of going out or never. Kept only `settleMs`, a dead holder's keep ended up to 5 s before
 * such a write could land, and a colleague's run could start under it. The one length every store
 * and every waiter (createTurnWaitMs) derives from. Milliseconds; 70 s at the default timeouts.
 */
export function announcedKeepMs(settleMs: number): number {
  return Math.max(0, settleMs) + IN_TURN_FRESH_MS;
}

/**
 * writeSettleMs at the default timeouts (platform/deadline.ts DEFAULT_TIMEOUTS: Graph's, BC's and
 * the pane's state calls, 60 s each; test/core/write-settle checks it stays so): a run's own
 * keep (RunEnd.keepMs) when its host names none.
 */
export const DEFAULT_WRITE_SETTLE_MS = 60_000 + WRITE_SETTLE_MARGIN_MS;

/**
 * The longest expiry any holder is granted at one acquisition or renewal (a run's lease, a create
 * turn, a lease kept while its holder's writes may land: writeSettleMs, announcedKeepMs past a save); the sync API's lease routes cap what a caller asks at these). A stored expiry further ahead
 * than twice this is no lease a live holder keeps (store/sql-leases.ts leaseTimes): measured by the
 * requester's own TTL instead, an acquire asking for 1 ms took a running run's 30 s lease at once.
 */
export const LONGEST_LEASE_MS = Math.max(
  LEASE_TTL_MS,
  CREATE_TURN_MS,
  announcedKeepMs(DEFAULT_WRITE_SETTLE_MS),
);

/**
 * How long a lease is kept when its holder let go of it while writes it sent may be unanswered (the
 * pane closed mid-run, its calls aborted): a write sent lands within its timeout of its send or not
 * at all, so past the longest of `writeTimeoutsMs` (Graph's, BC's, each host's) plus a margin no
 * write of the holder lands any more. Before, the next run of the folder (a scheduled run, the
 * CLI) found the pane's create not landed yet and created the contact again (a duplicate). At the
 * defaults DEFAULT_WRITE_SETTLE_MS (LONGEST_LEASE_MS covers it: a kept lease is no spoilt expiry,
 * sql-leases.ts leaseTimes, up to twice that).
 */
export function writeSettleMs(writeTimeoutsMs: readonly number[]): number {
  return Math.max(0, ...writeTimeoutsMs) + WRITE_SETTLE_MARGIN_MS;
}

/**
 * The longest write timeout a host may be configured with (GRAPH_TIMEOUT_MS, BC_TIMEOUT_MS): a
 * lease kept for announcedKeepMs of its writeSettleMs stays within twice LONGEST_LEASE_MS with a
 * margin for the hosts' clocks, the furthest expiry the SQL store trusts (sql-leases.ts leaseTimes).
 * Above it a kept lease read as spoilt was taken at once, while the holder's writes could still land.
 */
export const LONGEST_WRITE_TIMEOUT_MS = 2 * LONGEST_LEASE_MS - 2 * WRITE_SETTLE_MARGIN_MS - IN_TURN_FRESH_MS;

/**
 * Past the longest a let-go turn is kept (announcedKeepMs of DEFAULT_WRITE_SETTLE_MS), before a waiting creator gives
 * up: its asks, every CREATE_TURN_RETRY_MS, and their time on the wire (a pane's over a slow
 * network).
 */
const CREATE_TURN_FREED_MARGIN_MS = 5_000;

/**
 * How long a run waits in line for a company's create turn (tester F69: the run that lost the turn
 * failed every create with one "changed again" error each). A turn is held for one group's look-up
 * and creates, and taken in order (create-turn.ts), so it normally comes within seconds. Past this
 * the run's creates — this group's and every later one's — wait for its next sync (`deferred`).
 * Derived from how long a turn let go with creates in flight is kept (letGoOrKeep: writeSettleMs,
 * 65 s at the default timeouts; past a save announcing creates announcedKeepMs, 70 s): at 60 s a
 * colleague waiting behind a pane closed mid-create gave up 5 s before the turn freed, and
 * deferred its creates to its next sync (brief leasegaps item 2).
 * The wait at the default timeouts: every host's waiter derives its own (createTurnWaitMs).
 * @internal exported for the tests of the wait; CREATE_TURN_MAX_HOLD_MS reads it here.
 */
export const CREATE_TURN_WAIT_MS = createTurnWaitMs(DEFAULT_WRITE_SETTLE_MS);

/**
 * How long a creator waits in line for the create turn at a host whose write settle is `settleMs`
 * (writeSettleMs of its write timeouts): a turn whose holder went away with creates out is kept
 * that long past its let-go (letGoOrKeep), and announcedKeepMs of it past the save announcing the
 * creates (store/announced-keep.ts: a create goes out up to IN_TURN_FRESH_MS after that save), so
 * the wait outlasts the longer by CREATE_TURN_FREED_MARGIN_MS. The one derivation every host's waiter uses
 * (executor-bc.ts: server and CLI runs at their configured settle, the pane's engine at its own);
 * at the defaults CREATE_TURN_WAIT_MS. A host configured with longer timeouts waited the default
 * 70 s for a turn kept 125 s and deferred every create of the group.
 */
export function createTurnWaitMs(settleMs: number): number {
  return announcedKeepMs(settleMs) + CREATE_TURN_FREED_MARGIN_MS;
}

/**
 * How long one acquisition of a company's create turn may keep it through the sync API's lease
 * routes, renewals included (tester F72 rest: a holder renewing by hand kept it for as long as it
 * liked). One group's E-Mail look-up and creates take seconds; a minute leaves a slow BC room.
 * Also how long a user may stay in the turn's line through those routes (a place held and renewed
 * by hand kept colleagues out the same way): a waiting creator gives up after CREATE_TURN_WAIT_MS,
 * which is no longer (server/sync/turn-holds.ts): the bound is at least that wait (75 s), so an
 * honest waiter is never refused its stay.
 */
export const CREATE_TURN_MAX_HOLD_MS = Math.max(60_000, CREATE_TURN_WAIT_MS);

/**
 * How soon after its last place ended a user joining a company's line again through the lease
 * routes is still on the same stay (server/sync/turn-holds.ts): letting go and taking a place
 * again at once starts no new bound. Long enough for a waiter, asking every CREATE_TURN_RETRY_MS,
 * to take the place first, even a pane's over a slow network.
 */
export const CREATE_TURN_REJOIN_MS = 10_000;

/**
 * How long after its bound a user who asked to stay in a company's line past
 * CREATE_TURN_MAX_HOLD_MS is kept out of it (server/sync/turn-holds.ts). An honest creator gives
 * up by then (CREATE_TURN_WAIT_MS) and so never asks; one squatting the line blocks the others at
 * most one bound in three, and each waiter gets two whole waits' time to pass.
 */
export const CREATE_TURN_BARRED_MS = 2 * CREATE_TURN_MAX_HOLD_MS;

/**
 * Places in a company's line for the create turn besides the turn itself (create-turn.ts). A
 * creator moves up when it next asks (every CREATE_TURN_RETRY_MS), so places lag behind; with 3
 * places and 3 creators (one on the pane, slower) a creator found the line's end still taken
 * and lost its turn to one that came after it. 5 places keep the end free for several creators;
 * more contend for the line's end. Costs, uncontended, 5 more acquires and releases a group.
 */
export const CREATE_TURN_LINE = 5;

const CREATE_TURN_PREFIX = 'bc-create:';

/**
 * The key of a company's create turn (tester F61): ONE lease per BC company, taken by every host
 * that creates BC contacts there — server and CLI runs (executor-bc.ts), the pane's engine through
 * the facade's lease route, and "This sender" — so one address becomes one contact whoever adds it.
 * `slot` 1..CREATE_TURN_LINE names a place in the line waiting for it (create-turn.ts); 0 is the
 * turn. The company id is case-folded (a GUID: BC and the facade may spell it in either case).
 */
export function createTurnKey(companyId: string | undefined, slot = 0): string {
  const company = companyId?.toLowerCase() ?? null;
  return `${CREATE_TURN_PREFIX}${JSON.stringify(slot === 0 ? [company] : [company, slot])}`;
}

/**
 * The company a create-turn key (the turn or a place in its line) names; undefined when `key` is
 * no create-turn key at all, and null when it claims to be one but is not as createTurnKey writes
 * it (or names no company, or no place of the line).
 */
export function createTurnCompany(key: string): string | null | undefined {
  if (!key.startsWith(CREATE_TURN_PREFIX)) return undefined;
  try {
    const parsed: unknown = JSON.parse(key.slice(CREATE_TURN_PREFIX.length));
    if (!Array.isArray(parsed) || parsed.length < 1 || parsed.length > 2) return null;
    const [company, slot = 0] = parsed as unknown[];
    if (typeof company !== 'string' || company === '') return null;
    if (typeof slot !== 'number' || !Number.isInteger(slot) || slot < 0 || slot > CREATE_TURN_LINE)
      return null;
    return createTurnKey(company, slot) === key ? company : null;
  } catch {
    return null;
  }
}

/** The place in its company's line a create-turn key names (0: the turn); null for any other key. */
export function createTurnSlot(key: string): number | null {
  const company = createTurnCompany(key);
  if (typeof company !== 'string') return null;
  for (let slot = 0; slot <= CREATE_TURN_LINE; slot++) if (createTurnKey(company, slot) === key) return slot;
  return null;
}

/** How often a waiting run asks for the create turn again. */
export const CREATE_TURN_RETRY_MS = 250;

/** A pause of `ms` on the host's ticker (core has no timers): resolves on the ticker's first beat. */
export function pauseOn(ticker: Ticker): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise<void>((resolve) => {
      const stop = ticker(ms, async () => {
        stop();
        resolve();
      });
    });
}
