import { SchemaCheckedStore } from './schema-checked-store.js';
import type { OutlookContact, OutlookContactDraft } from '../../src/core/model.js';
import type { ConflictPolicy } from '../../src/core/merge.js';
import type { MailFolder } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { RunTrigger, SyncMode, SyncSettings } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import type { RunHooks, RunOutcome } from '../../src/core/run.js';
import { RunInProgressError } from '../../src/core/run-types.js';
import { DEFAULT_WRITE_SETTLE_MS, announcedKeepMs } from '../../src/core/lease.js';
import { expect } from '@jest/globals';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import type { BcContactSeed } from '../../src/fakes/memory-bc-contacts.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { numberedBcPerson } from '../contracts/fixtures.js';

export const USER = 'ann@contoso.com';

export function person(n: number, overrides: BcContactSeed = {}): BcContactSeed {
  return {
    ...numberedBcPerson('Person', n, 'contoso.com'),
    city: 'London',
    ...overrides,
  };
}

/** The name fields of an Outlook contact the user left without a name (skipped as missingName). */
export const NO_NAME = { displayName: '', givenName: '', surname: '' } as const;

export function outlookPerson(n: number, overrides: Partial<OutlookContactDraft> = {}): OutlookContactDraft {
  return {
    bcId: '',
    displayName: `Outlook ${n}`,
    givenName: 'Outlook',
    middleName: '',
    surname: String(n),
    initials: '',
    jobTitle: '',
    companyName: '',
    emailAddresses: [{ address: `outlook${n}@fabrikam.com`, name: `Outlook ${n}` }],
    businessPhones: [],
    mobilePhone: '',
    businessHomePage: '',
    businessAddress: { street: '', city: 'London', state: '', postalCode: '', countryOrRegion: '' },
    faxNumber: '',
    ...overrides,
  };
}

/** One BC person (with `seed`) and its Outlook copy after a full sync, in `w` (a new world by default). */
export async function linkedPerson(seed: BcContactSeed = {}, w = new World()) {
  const a = w.bc.seed(person(1, seed));
  await w.sync('full');
  const o = (await w.outlookByBcId(a.id))!;
  return { w, a, o };
}

/**
 * `n` BC persons synced: a full sync, then a delta that leaves every link and the delta link current,
 * and time moved on so later edits are told apart from those runs. `ids` in seeding order.
 */
export async function deltaReady(n: number, w = new World()): Promise<{ w: World; ids: string[] }> {
  const ids: string[] = [];
  for (let i = 1; i <= n; i++) ids.push(w.bc.seed(person(i)).id);
  await w.sync('full');
  w.later();
  await w.sync('delta');
  w.later();
  return { w, ids };
}

/**
 * The delta-outlook-1pct change at small n: five Outlook contacts of the folder edited (job title)
 * and five new ones (outlookPerson 1–5), so BC gets 5 updates and 5 creates.
 */
export async function editedAndNewInOutlook(w: World): Promise<void> {
  const folder = await w.folder();
  for (const o of (await w.outlook()).slice(0, 5))
    w.mailbox.userEdit(o.id, { jobTitle: 'Edited in Outlook' });
  for (let i = 1; i <= 5; i++) w.mailbox.userCreate(folder.id, outlookPerson(i));
}

/** A world with the conflict policy, one BC person and its Outlook copy after a full sync. */
export async function syncedPerson(policy: ConflictPolicy, seed: BcContactSeed) {
  const w = new World();
  await w.settings({ conflictPolicy: policy });
  return linkedPerson(seed, w);
}

/** A new world whose sync folder holds Outlook contact `n` as the user typed it; no sync yet. */
export async function typedInOutlook(n: number, overrides: Partial<OutlookContactDraft> = {}) {
  const w = new World();
  const folder = await w.mailbox.ensureFolder('Business Central');
  const o = w.mailbox.userCreate(folder.id, outlookPerson(n, overrides));
  return { w, folder, o };
}

/**
 * A world where BC may let a contact go: person 1 (with `seed`) and its Outlook copy after a full
 * sync, person 2 beside it so BC never looks empty (rule guard.bcEmpty would hold the run), and no
 * mass-delete hold; `settings` on top (e.g. the conflict policy).
 */
export async function deletablePerson(seed: BcContactSeed = {}, settings: Partial<SyncSettings> = {}) {
  const w = new World();
  await w.settings({ massDeleteShare: 1, ...settings });
  const a = w.bc.seed(person(1, seed));
  w.bc.seed(person(2));
  await w.sync('full');
  const o = (await w.outlookByBcId(a.id))!;
  return { w, a, o };
}

/** Both sides in memory, the state store, and a clock: one salesperson's world. */
export class World {
  readonly clock = new ManualClock();
  readonly bc = new MemoryBcContacts(this.clock);
  readonly mailbox = new MemoryMailbox();
  /**
   * Refuses what the sync API would: the pane's engine stores through it (SchemaCheckedStore).
   * `opensRuns`: with `openRun`, as the SQL store (a run opens in one call).
   */
  readonly store: SchemaCheckedStore;

  constructor(options: { readonly opensRuns?: boolean } = {}) {
    this.store = new SchemaCheckedStore({ opensRuns: options.opensRuns === true });
  }
  private runs = 0;

  async settings(patch: Partial<SyncSettings>): Promise<void> {
    const current = (await this.store.getSettings(USER)) ?? DEFAULT_SETTINGS;
    await this.store.putSettings(USER, { ...current, ...patch });
  }

  async sync(
    mode: SyncMode,
    options: { dryRun?: boolean; confirmMassDelete?: boolean; hooks?: RunHooks; trigger?: RunTrigger } = {},
  ): Promise<RunOutcome> {
    this.clock.advance(60_000);
    const outcome = await runSync(
      { bc: this.bc, mailbox: this.mailbox, store: this.store, clock: this.clock, logger: silentLogger },
      {
        runId: `run-${++this.runs}`,
        userId: USER,
        mode,
        dryRun: options.dryRun ?? false,
        trigger: options.trigger ?? 'pane',
        confirmMassDelete: options.confirmMassDelete ?? false,
      },
      options.hooks ?? {},
    );
    this.clock.advance(60_000);
    return outcome;
  }

  /**
   * A sync, or, refused because the last run stopped while a write it sent (a crash mid-call: its
   * outcome unknown) could still land, the same sync once that keep ends (a841f5d5, brief
   * cancelkeep: the keep is right; `sync` lets only 60 s pass after a run that threw, under the 65 s
   * settle). The refusal must be a kept one ending within the settle, as test/support
   * sigkill-world's leaseFree asks. `sync` itself does not wait: keeps stay visible to the tests.
   */
  async syncPastKeep(mode: SyncMode, options: Parameters<World['sync']>[1] = {}): Promise<RunOutcome> {
    try {
      return await this.sync(mode, options);
    } catch (e) {
      if (!(e instanceof RunInProgressError)) throw e;
      const now = Date.parse(this.clock.now());
      const until = Date.parse(e.heldBy.expiresAt);
      // Ended (settling), or died before its end was stored (a hard stop: its record says running
      // and its lease stays to its expiry, dead-holder-keep.ts); either way within the keep of a
      // save announcing a write (the settle, and the 5 s the write may go out after the save).
      const holder = await this.store.getRun(USER, e.heldBy.owner);
      const kept = e.settling || holder?.status === 'running';
      expect({ kept, withinSettle: until - now <= announcedKeepMs(DEFAULT_WRITE_SETTLE_MS) }).toEqual({
        kept: true,
        withinSettle: true,
      });
      // `sync` lets 60 s pass before its run: it starts at `until` or later.
      this.clock.advance(Math.max(0, until - now - 60_000));
      return this.sync(mode, options);
    }
  }

  /**
   * Lets twenty minutes pass (timestamps of later edits differ from the sync's); BC's delta links
   * in the fake track a change log, so no margin reports earlier edits again.
   */
  later(): void {
    this.clock.advance(20 * 60_000);
  }

  async folder(name = 'Business Central'): Promise<MailFolder> {
    const f = this.mailbox.folderByName(name);
    if (!f) throw new Error(`no folder ${name}`);
    return f;
  }

  async outlook(name = 'Business Central'): Promise<OutlookContact[]> {
    return this.mailbox.folderContacts((await this.folder(name)).id);
  }

  async outlookByBcId(bcId: string): Promise<OutlookContact | undefined> {
    return (await this.outlook()).find((c) => c.bcId === bcId);
  }

  async scope() {
    return { userId: USER, folderId: (await this.folder()).id };
  }
}
