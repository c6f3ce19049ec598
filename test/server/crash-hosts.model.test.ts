import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { normalizeEmail } from '../../src/core/model.js';
import { CrashSeat } from '../support/crash-hosts.js';
import { AddExtras } from '../support/crash-model-edits.js';
import { emailOf } from '../support/crash-model.js';
import { outlookPerson } from '../support/world.js';
import { lostCreateThen } from '../support/crash-lost-create.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { modelHolds, modelSteps, namedSteps } from '../support/crash-model-run.js';
import { tally } from '../support/crash-run-cmd.js';
import { seamsTally } from '../support/crash-seams.js';
import { deleteKept, scopeSteps, scopeTally } from '../support/crash-scope.js';
import { policyTally } from '../support/crash-policy.js';
import { landedTally } from '../support/crash-landed.js';
import { codesTally } from '../support/crash-codes.js';
import { UncertainWorld } from '../support/uncertain-world.js';

// Model-based (lead's list, item 1): one salesperson, two hosts on one store — the pane's engine
// (state over the sync API) and the scheduler's (the facade's SQL store on PGlite) — run in random
// order between edits and new contacts on both sides. Each run's BC and Graph writes meet uncertain
// outcomes item by item inside $batch envelopes (201 beside 429/502/503/504, items missing from the
// answer, an envelope lost or timed out after the service applied what it held); and the run's
// process may die or stall at a random port call (a Graph or BC request or a state-store call —
// its progress and lease saves included — before or after it was applied). A stalled run waits
// while its lease expires and the other host runs to its end, then goes on. After every run: no
// contact twice on either side, no value lost (each edit and new contact still on some side).
// At the end one clean DELTA run (not full: a stored cursor ahead of the links would hide a change
// from it) leaves both sides holding every value, a full run after it finds nothing to write, and
// the links join each BC contact to the one Outlook contact carrying its id.
// CRASH_MODEL_RUNS cases (default 4), CRASH_MODEL_SEED (default 4711).

// CRASH_MODEL_COMBOS cases (default 2) of the combinations (crash-model-arbs.ts), from CRASH_MODEL_SEED.
// CRASH_MODEL_WINDOWS cases (default 2) of the windows (crash-model-arbs.ts: stops aimed at a kind
// of call, cancels here and at another facade process, e-mail changes and deletes on either side,
// the CLI's process as a host), from CRASH_MODEL_SEED. The user's picks go by e-mail, not by a
// list in (random) id order, so a seed picks the same contacts in every replay.
// CRASH_MODEL_SEAMS cases (default 2) of the seams (crash-seams.ts: a folder rename between runs,
// a filter leaving a contact out and taking it in, Previews between and across the other host's
// runs, the pane's engine on the user's other company, a conflict kept for Outlook while a
// scheduled run stalls), from CRASH_MODEL_SEED.
// CRASH_MODEL_SCOPE cases (default 1) of the scope moves (crash-scope.ts: a contact the filter
// leaves out while its copy holds an Outlook edit, edited again while out; BC deleting a contact
// whose copy holds values BC never saw; the user deciding those conflicts between runs, a
// scheduled and a pane run after), from CRASH_MODEL_SEED.
// CRASH_MODEL_POLICY cases (default 1) of the policy moves (crash-policy.ts: all of scope's, and the
// conflict policy changed between runs, BC deleting several contacts near the mass-delete guard, a
// held run confirmed on the pane or the CLI), from CRASH_MODEL_SEED. Scope's default went from 2
// to 1 when they came: the policy case runs all of scope's moves too, in the same CI time.
// CRASH_MODEL_LANDED cases (default 1) of the landed moves (crash-landed.ts, crash-codes.ts: all of
// policy's, and a pane closed mid-run letting go of its leases, "Keep Outlook" on a contact that
// left scope, a Country/Region row renamed, Code values with ß and one-for-one upper case, e-mail
// addresses whose case JavaScript and the database fold apart), from CRASH_MODEL_SEED.

const RUNS = Number(process.env.CRASH_MODEL_RUNS ?? 4);
const SEED = Number(process.env.CRASH_MODEL_SEED ?? 4711);
const COMBOS = Number(process.env.CRASH_MODEL_COMBOS ?? 2);
const WINDOWS = Number(process.env.CRASH_MODEL_WINDOWS ?? 2);
const SEAMS = Number(process.env.CRASH_MODEL_SEAMS ?? 2);
const SCOPE = Number(process.env.CRASH_MODEL_SCOPE ?? 1);
const POLICY = Number(process.env.CRASH_MODEL_POLICY ?? 1);
const LANDED = Number(process.env.CRASH_MODEL_LANDED ?? 1);

let world: UncertainWorld;
beforeAll(async () => {
  world = await UncertainWorld.start('inProcess');
});
afterAll(async () => {
  await world.close();
  if (process.env.CRASH_MODEL_REPORT)
    process.stdout.write(
      `crash-hosts model: ${JSON.stringify({ ...tally, seams: seamsTally, scope: scopeTally, policy: policyTally, landed: landedTally, codes: codesTally })}\n`,
    );
});

describe('two hosts, partial $batch answers, deaths and stalls at any port call (model-based)', () => {
  test('no contact twice, no value lost after every run; a clean delta run settles all, a full run then writes nothing, links join each pair once', async () => {
    await modelHolds(world, RUNS, SEED, { path: process.env.CRASH_MODEL_PATH });
  }, 1_200_000);

  // Review (seed 33, 5th case, path "4"): a scheduler run stalled after its pending creates were
  // stored, past its lease; the pane's run made those contacts, and the stalled run went on to send
  // its creates too (two copies). Fails without UncertainLedger.held (a write goes out only under a
  // held lease). The case alone (path): the four before it run in the default property's seeds.
  test('seed 33: a run stalled past its lease sends no write when it goes on', async () => {
    await modelHolds(world, 5, 33, { path: '4' });
  }, 1_200_000);

  // Seed 33 ×100, 15th case (path "14"): a scheduler run's BC create (an Outlook contact's import,
  // under the create turn) was answered 429 and the run stalled before the adapter sent it again;
  // its lease and turn expired, the pane's run took the turn, found no such address in BC and made
  // the contact; then the stalled run's adapter sent the create again: two BC contacts of one
  // e-mail. Fails without SendAgain (ports.ts: the adapter asks the run's lease and the turn before
  // any write goes again; bc-batch.ts runBatch).
  test('seed 33 ×100: a create the adapter would send again after a stall past the turn is not sent', async () => {
    await modelHolds(world, 15, 33, { path: '14' });
  }, 1_200_000);

  // Seed 22 ×100, 76th case and seed 33 ×100, 52nd case on 1dc1b6a (lead's trust list, item 1),
  // named: the pane's delta run took the company's create turn, looked the new Outlook contact's
  // address up in BC (none), and stalled before its create (one POST) went out; its lease and turn
  // expired, the scheduler's run took both, looked up (none yet), created and linked the contact;
  // then the pane's POST went out: two BC contacts of one e-mail. Stopped on the POST itself (the
  // seeds' call numbers moved when later changes added port calls). Fails without the import's
  // create key (core/create-keys.ts, the create's Idempotency-Key: bc/create-key.ts, F75).
  test('a create stalled past the turn, sent after the other host made the contact, adds none', async () => {
    const seat = await CrashSeat.open(world, 9001);
    const folder = await seat.mailboxDirect.ensureFolder('Business Central');
    expect((await seat.run('schedule', 'full', null, null).done)?.record.status).toBe('succeeded');
    const email = 'stalled.import@fabrikam.com';
    const draft = outlookPerson(201, { emailAddresses: [{ address: email, name: '' }] });
    expect((await seat.mailboxDirect.create(folder.id, [draft]))[0]?.ok).toBe(true);
    const onCreate = `POST http://facade.internal/api/v2.0/companies(${seat.companyId})/contacts`;
    const pane = seat.run('pane', 'delta', null, { at: 0, how: 'stall', after: false, on: onCreate });
    await pane.reached;
    const other = await seat.run('schedule', 'delta', null, null).done;
    expect(other?.record.counts.bc.created).toBe(1);
    pane.resume();
    await pane.done;
    const holding = (await seat.bcAll()).filter((b) => normalizeEmail(b.email) === email);
    expect(holding.length).toBe(1);
  }, 1_200_000);

  // Windows seed 9019, 15th case (found by helper soak): a scheduler run stalled before its Graph
  // create went out, its lease expired, the pane's run made and linked the contact; the stalled
  // create then landed (a late copy). The user typed a second business phone into the linked
  // contact; the clean runs after kept the late copy for good (rule duplicates.removeOurCopy asked
  // for equal values; the copy holds only values the linked one holds). Fails without
  // 28e7f90 (our-copies.ts: each value of the copy held by the linked contact).
  test('a late copy is removed after the user typed an Outlook-only value into the linked contact', async () => {
    const seat = await CrashSeat.open(world, 9002);
    const folder = await seat.folder();
    expect((await seat.run('schedule', 'full', null, null).done)?.record.status).toBe('succeeded');
    const email = 'late.copy@fabrikam.com';
    const phone = '+45 12 34 56 78';
    expect((await seat.bcDirect.create([bcDraft(301, { email, phoneNumber: phone })]))[0]?.ok).toBe(true);
    const onCreate = 'POST http://graph.test/v1.0/$batch';
    const stalled = seat.run('scheduleStore', 'delta', null, {
      // The 4th $batch is the create now: a $batch was added before it since (at 3 the stall fell on
      // the one before, and the create, sent after the pane's run took the lease, was kept back by
      // the lease check (UncertainLedger.held): one copy, no late copy to remove).
      at: 4,
      how: 'stall',
      after: false,
      on: onCreate,
    });
    await stalled.reached;
    expect((await seat.run('pane', 'delta', null, null).done)?.record.counts.outlook.created).toBe(1);
    stalled.resume();
    await stalled.done;
    const copies = (await seat.outlookAll()).filter((o) => emailOf(o) === email);
    expect(copies.length).toBe(2);
    const linkedId = (await seat.store.listLinks({ userId: seat.userId, folderId: folder.id })).find(
      (l) => normalizeEmail(l.base.email) === email,
    )?.outlookId;
    const linked = copies.find((o) => o.id === linkedId)!;
    const extra = '+44 20 7946 0001';
    const [typed] = await seat.mailboxDirect.update(folder.id, [
      {
        id: linked.id,
        changeKey: linked.changeKey,
        patch: { displayName: linked.displayName, businessPhones: [...linked.businessPhones, extra] },
      },
    ]);
    expect(typed?.ok).toBe(true);
    expect((await seat.run('pane', 'delta', null, null).done)?.record.status).toBe('succeeded');
    expect(
      (await seat.outlookAll()).filter((o) => emailOf(o) === email).map((o) => [o.id, o.businessPhones]),
    ).toEqual([[linked.id, [phone, extra]]]);
  }, 1_200_000);

  // Seed 22, 32nd case (path "31"): a scheduler run stalled AT its Graph create (the request on its
  // way), its lease expired, the pane's run created and linked the contacts, then the stalled
  // creates landed: two Outlook copies stamped with one BC id each. Graph takes no fencing token,
  // so no lease check can stop that; the next clean run removes the late copies (rule
  // duplicates.removeOurCopy). Fails without it: the settling runs leave 2 Outlook contacts too many.
  test('seed 22: creates that landed after the lease expired leave copies the next clean run removes', async () => {
    await modelHolds(world, 32, 22, { path: '31' });
  }, 1_200_000);

  // Combinations seed 8002, 7th case (path "6"): BC cleared a phone while the Outlook copy held a
  // second business phone typed since the last sync; a pane run's update removing BC's phone landed
  // and the run stalled before its links were stored; the scheduler's run read the list against the
  // old base, took the second phone for BC's (edited) and, BC winning, deleted it. Fails without
  // own-ahead.ts (the Outlook-only values a run read stored before the rewrite goes out).
  test('combinations seed 8002: an Outlook-only phone beside a BC clear stays after the rewrite’s answer is lost', async () => {
    await modelHolds(world, 7, 8002, { path: '6', combos: true });
  }, 1_200_000);

  // Combinations seed 8008, 6th case (path "5"): after a rename in the settings, a scheduler run
  // died early (call 5); its record stayed `running` through every later run, none of which
  // marked records under the other of the keys it held. Fails without run.ts marking under every
  // lease key the run holds (the old folder's too while it moves).
  test('combinations seed 8008: a run that died around a folder move does not stay running', async () => {
    await modelHolds(world, 6, 8008, { path: '5', combos: true });
  }, 1_200_000);

  test('combinations: the in-process BC path, Outlook-only values beside a BC clear, settled conflicts, a rename or resolve while a run stalls', async () => {
    await modelHolds(world, COMBOS, SEED, { path: process.env.CRASH_MODEL_PATH, combos: true });
  }, 1_200_000);

  // Soak F4 (windows seed 6101, 34th case, path "33"): a CLI run stalled before storing its links
  // after its Graph creates went out; the pane's run made and linked its own copies; then the BC
  // user deleted two of them before a clean run. The linked copies were removed (deletions.removeCopy)
  // and the late copies, refused bcContactDeleted, stayed skipped for good (Outlook 6-7 vs BC 5).
  // Fails without judging a late copy whatever BC holds of its id (matching.ts ourCopyOf).
  test('windows seed 6101: a late copy of a contact BC deleted goes with the linked copy', async () => {
    await modelHolds(world, 34, 6101, { path: '33', windows: true });
  }, 1_200_000);

  test('windows: stops aimed at a BC create, its look-up, a write, the pending record, the links, a lease; cancels; e-mail changes and deletes on either side', async () => {
    await modelHolds(world, WINDOWS, SEED, { path: process.env.CRASH_MODEL_PATH, windows: true });
  }, 1_200_000);

  // Soak S1 (seams seed 17643, 17th case, path "16"): the user removed from the company, then a
  // scheduled full run over the BC API with a folder rename due: the run was refused at its first BC
  // read (403), but the folder had been renamed before it. Fails without the rename waiting for both
  // sides' reads (run-moving.ts, beforeWrites).
  test('seams seed 17643: a run refused for the company renames no folder', async () => {
    await modelHolds(world, 17, 17643, { path: '16', seams: true });
  }, 1_200_000);

  test('seams: a folder rename between runs, a filter leaving out a contact holding Outlook-only values and taking it in, Previews between and across runs, the other company refused, Outlook’s side kept while a scheduled run stalls', async () => {
    await modelHolds(world, SEAMS, SEED, { path: process.env.CRASH_MODEL_PATH, seams: true });
  }, 1_200_000);
  test(
    'scope: a contact left out with Outlook edits and edited while out, BC deleting a copy holding what BC never saw, the user deciding those between runs',
    async () => {
      await modelHolds(world, SCOPE, SEED, { path: process.env.CRASH_MODEL_PATH, scope: true });
      // Long runs (npm run soak:scope): some 30 s a case on two busy cores, two minutes allowed.
    },
    Math.max(1_200_000, SCOPE * 120_000),
  );

  test(
    'policy: the conflict policy changed between runs, BC deleting several contacts near the mass-delete guard, a held run confirmed',
    async () => {
      await modelHolds(world, POLICY, SEED, { path: process.env.CRASH_MODEL_PATH, policy: true });
    },
    Math.max(1_200_000, POLICY * 120_000),
  );

  test(
    'landed: a pane closed mid-run, Outlook kept for a contact that left scope, a country row renamed, Code values and e-mail case folded apart',
    async () => {
      await modelHolds(world, LANDED, SEED, { path: process.env.CRASH_MODEL_PATH, landed: true });
    },
    Math.max(1_200_000, LANDED * 120_000),
  );

  // Soak, policy seed 1212, 9th case (path "8"): a stalled scheduler run's Graph create landed after
  // the pane's run made and linked the contact; before a clean run the user typed a clash into the
  // linked copy, so the late copy no longer held the linked one's values. The product keeps such a
  // copy and lists it for the user to delete by hand (rule duplicates.removeOurCopy: any doubt keeps
  // it, duplicateOfLinked); the model took it for a second contact. A fault of the model, not of
  // the product: the model's late copies follow the rule (crash-model-check.ts lateCopies), the end's user
  // deletes a kept one (deleteKeptCopies). Fails without them (outlookEmails twice after the next run).
  test('policy seed 1212: a late copy beside a linked copy the user edited is kept, listed, deleted by hand', async () => {
    await modelHolds(world, 9, 1212, { path: '8', policy: true });
  }, 1_200_000);

  // Soak, scope seeds 7 (path 19) and 99 (path 28), the clash kind: a clash settled by bcWins stays
  // listed with Outlook's losing title (rule conflicts.settledKept); BC then deletes the contact
  // whose copy holds an Outlook-only phone; the run lists a deletedInBc conflict carrying the
  // settled field, and keeping Outlook's side (the end's keepGone) makes BC and the copy hold the
  // losing Outlook title (resolve-recreate.ts keptOutlookValues, test/core/settled-gone's named
  // example). The model expected the copy's title (BC's winner): a fault of the model, not of
  // the product.
  test('scope, named: a settled clash, then BC deletes the contact whose copy holds an extra phone; keeping Outlook writes the losing title', async () => {
    await modelSteps(
      world,
      [namedSteps.clash(0), namedSteps.run('schedule', 'delta'), new AddExtras(0), deleteKept(0, false)],
      'schedule',
    );
  }, 600_000);

  // Soak, scope seed 1 (path 14), soak F2: both sides edit a contact's title (a clash), the filter
  // leaves it out, the run lists a deletedInBc conflict (outOfScope) and the user keeps Outlook's
  // side. It was refused as a duplicate of the contact itself; keeping it now writes Outlook's title
  // to that contact (resolve-left-scope.ts), the model expected BC's clash title (the policy's
  // winner, which the user overrode); the next runs remove the copy, out of scope, title in BC.
  test('scope, named: a clash left out by the filter; keeping Outlook’s side writes Outlook’s title to that contact', async () => {
    await modelSteps(
      world,
      [
        scopeSteps.leaveOut(0, 'clash'),
        namedSteps.run('schedule', 'delta'),
        namedSteps.decide([true], 'schedule'),
      ],
      'schedule',
    );
  }, 600_000);

  // Soak, scope seed 202 (path 24): a pane run lists BC's deletion and dies holding the folder's
  // lease; the end's keepGone resolved at once and was refused (runInProgress), so the deletion
  // looked never decided. The model's user waits for the lease to lapse and tries again.
  test('scope, named: a run dies after listing a BC deletion; the user keeps the copy once its lease lapsed', async () => {
    await modelSteps(
      world,
      [
        new AddExtras(0),
        deleteKept(0, false),
        namedSteps.run('pane', 'delta', { how: 'die', at: 1, after: true, on: 'store putConflicts' }),
      ],
      'schedule',
    );
  }, 600_000);

  // The combinations the model's users do not make (a contact edited on one side is left alone on
  // the other until a clean run; a BC delete only of a tracked contact): an Outlook contact's BC
  // create landed and its answer was lost (the pane's run died right after the POST), then the
  // user edits or deletes before the scheduler's next run. Each contact ends once on each side.
  // Soak F2 (the fourth row): a BC edit beside an Outlook e-mail change made the person twice (the
  // recovery left a contact edited in BC to matching, which the changed address could not pair);
  // fails without recover-bc-creates.ts finding the values sent (sent-base.ts). Soak F3 (a BC delete before the next run, which sends the create again inside the
  // facade's Idempotency-Key window, was answered the kept 201 of the deleted contact) is the
  // third row: the replay checks the contact still stands (server/replay.ts, 14b2459).
  test.each([
    {
      then: 'BC title and Outlook title edited (bcWins: matching by the address pairs them)',
      bcTitle: true,
      outlookEmail: false,
      bcDelete: false,
      ends: [['lost', 'bc title']],
    },
    {
      then: 'Outlook address and title changed (the pending create found by the address it sent)',
      bcTitle: false,
      outlookEmail: true,
      bcDelete: false,
      ends: [['moved', 'ol edit']],
    },
    {
      then: 'BC deletes the contact made (soak F3: the resend inside the Idempotency-Key window makes it again)',
      bcTitle: false,
      outlookEmail: false,
      bcDelete: true,
      ends: [['lost', 'ol title']],
    },
    {
      then: 'BC title edited, Outlook address and title changed (soak F2: the values sent link them, bcWins on the title)',
      bcTitle: true,
      outlookEmail: true,
      bcDelete: false,
      ends: [['moved', 'bc title']],
    },
  ])(
    'a BC create whose answer was lost, then: $then',
    async ({ then: _then, ends, ...change }) => {
      const got = await lostCreateThen(world, change);
      expect(got).toEqual({ bc: ends, outlook: ends, bcIdKept: !change.bcDelete });
    },
    600_000,
  );
});
