import { randomUUID } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import { keepDeletedKey } from '../../src/core/create-keys.js';
import { emptySyncFields, normalizeEmail } from '../../src/core/model.js';
import type { BcContact } from '../../src/core/model.js';
import { silentLogger } from '../../src/core/ports.js';
import type { BcContactDraft, BcContacts, WriteOutcome } from '../../src/core/ports.js';
import { foundOrCreated } from '../../src/core/resolve-recreate.js';
import { runSync } from '../../src/core/run.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { senderDraft } from '../../src/server/sync/sender.js';
import { grantMembership } from '../../src/store/company-members.js';
import { facadeSeats } from '../support/facade-seats.js';
import type { Host, Seat } from '../support/facade-seats.js';
import { outlookPerson } from '../support/world.js';

// Lead's trust list, item 1 — the BC check-to-wire window: a creator looks an address up under the
// company's create turn, then stalls (or its answer is lost) before its create lands; the turn
// lapses, another host of the same user (pane, scheduler, CLI) takes it, looks up, finds nothing
// and creates; then the first create lands: two BC contacts of one e-mail (crash-hosts model,
// seeds 22 and 33). Every BC create path carries a create key (core/create-keys.ts) sent as the
// create's Idempotency-Key (bc/create-key.ts), so both creates name one contact (F75). Table: each
// creator × each pair of hosts (the pane over HTTP — one POST, or a $batch for several creates —
// and the scheduler / CLI in-process on the facade's store) × the first host stalled before its
// create went out, or its create landed with its answer lost while the other had looked up before.

const hosts = facadeSeats('keyhost', 'Keys', 'create-key-hosts');
const { seat, adapter } = hosts;

/** `bc` whose first create call runs `first` to its end before it goes out (the stall). */
function stalledBefore(bc: BcContacts, first: () => Promise<void>): BcContacts {
  let ran = false;
  return new Proxy(bc, {
    get(target, prop) {
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      const f = v as (...a: unknown[]) => unknown;
      if (prop !== 'create') return f.bind(target);
      return async (...a: unknown[]) => {
        if (!ran) {
          ran = true;
          await first();
        }
        return f.apply(target, a);
      };
    },
  });
}

/** `bc` whose creates land and whose answers are lost (the caller learns nothing of them). */
function answersLost(bc: BcContacts): BcContacts {
  return new Proxy(bc, {
    get(target, prop) {
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      const f = v as (...a: unknown[]) => Promise<unknown>;
      if (prop !== 'create') return f.bind(target);
      return async (...a: unknown[]): Promise<WriteOutcome<BcContact>[]> => {
        const out = (await f.apply(target, a)) as WriteOutcome<BcContact>[];
        return out.map(() => ({
          ok: false,
          error: { kind: 'unknownOutcome', message: 'answer lost (test)' },
        }));
      };
    },
  });
}

/** One creator of BC contacts: what each host runs with its adapter, and the addresses it creates. */
interface Creator {
  readonly name: string;
  open(s: Seat): Promise<{
    readonly emails: readonly string[];
    run(host: Host, bc: BcContacts): Promise<void>;
    /** The user edits in Outlook only what BC has no field for (a photo): the imports' changeKey moves. */
    editOutlookOnly?(): void;
  }>;
}

/** The executor's imports: one user's runs (same mailbox and state) import `n` new Outlook contacts. */
const executor = (n: number): Creator => ({
  name: `executor import of ${n} (${n === 1 ? 'one POST' : '$batch'} over HTTP)`,
  async open(s) {
    const mailbox = new MemoryMailbox();
    const store = new MemorySyncStateStore();
    const folder = await mailbox.ensureFolder('Business Central');
    const tag = randomUUID().slice(0, 8);
    const emails = Array.from({ length: n }, (_, i) => `import${i}.${tag}@fabrikam.com`);
    const ids = emails.map(
      (address, i) =>
        mailbox.userCreate(folder.id, outlookPerson(700 + i, { emailAddresses: [{ address, name: '' }] })).id,
    );
    let runs = 0;
    return {
      emails,
      editOutlookOnly: () => ids.forEach((id) => mailbox.userSetOutlookOnly(id, 'photo')),
      async run(host, bc) {
        // Runs are apart in time: the other host's lease and create turn have lapsed (10 min).
        hosts.facade.clock.advance(10 * 60_000);
        await runSync(
          { bc, mailbox, store, clock: hosts.facade.clock, logger: silentLogger },
          {
            runId: `${host}-${++runs}`,
            userId: s.userId,
            mode: 'full',
            dryRun: false,
            trigger: host === 'pane' ? 'pane' : 'schedule',
          },
        ).catch(() => undefined);
      },
    };
  },
});

/** Resolve "keep" of a contact deleted in BC: the Outlook side re-created in BC (resolve-recreate.ts). */
const keepDeleted: Creator = {
  name: 'resolve keep-deleted re-create',
  async open() {
    const email = `kept.${randomUUID().slice(0, 8)}@fabrikam.com`;
    const values = { ...emptySyncFields(), displayName: 'Kept Person', email, jobTitle: 'kept' };
    const deletedId = randomUUID();
    return {
      emails: [email],
      async run(_host, bc) {
        await foundOrCreated(bc, values, undefined, keepDeletedKey(deletedId)).catch(() => undefined);
      },
    };
  },
};

/** "This sender" (server/sync/sender.ts): looked up, made when BC lacks the address. */
const sender: Creator = {
  name: '"This sender" add',
  async open() {
    const email = `sender.${randomUUID().slice(0, 8)}@fabrikam.com`;
    return {
      emails: [email],
      async run(_host, bc) {
        const found = (await bc.findByEmails([email])).filter((c) => normalizeEmail(c.email) === email);
        if (found.length === 0) await bc.create([senderDraft(email, 'A Sender')]);
      },
    };
  },
};

const CREATORS: readonly Creator[] = [executor(1), executor(3), keepDeleted, sender];
const PAIRS: readonly (readonly [Host, Host])[] = [
  ['pane', 'scheduler'],
  ['scheduler', 'pane'],
  ['pane', 'pane'],
  ['scheduler', 'scheduler'],
];
const TIMINGS = ['stalled before its create went out', 'its create landed, answer lost'] as const;
const CASES = CREATORS.flatMap((c) =>
  PAIRS.flatMap(([first, second]) => TIMINGS.map((timing) => [c.name, first, second, timing, c] as const)),
);

/** How many BC contacts of `s`'s company hold each address. */
async function perAddress(s: Seat, emails: readonly string[]): Promise<number[]> {
  const all = await adapter('scheduler', s).findByEmails(emails);
  return emails.map((e) => all.filter((c) => normalizeEmail(c.email) === e).length);
}

describe('every BC create path, two hosts of one user, the check-to-wire window (trust list item 1)', () => {
  test.each(CASES)('%s: %s first, %s second, the first %s: one BC contact per address', async (...row) => {
    const [, first, second, timing, creator] = row;
    const s = await seat();
    const work = await creator.open(s);
    if (timing === 'stalled before its create went out') {
      // The first looked up (nothing) and stalled; the second looked up, made the contacts; then
      // the first's create went out.
      await work.run(
        first,
        stalledBefore(adapter(first, s), () => work.run(second, adapter(second, s))),
      );
    } else {
      // The second looked up (nothing) and stalled; the first made the contacts and lost the
      // answers; then the second's create went out.
      const lost = answersLost(adapter(first, s));
      await work.run(
        second,
        stalledBefore(adapter(second, s), () => work.run(first, lost)),
      );
    }
    expect(await perAddress(s, work.emails)).toEqual(work.emails.map(() => 1));
  });
});

/** A BC user deletes every contact of `emails` (over the BC API). */
async function deleteInBc(s: Seat, emails: readonly string[]): Promise<void> {
  for (const c of await adapter('scheduler', s).findByEmails(emails)) {
    const res = await injectFetch(hosts.facade.app)(
      `http://facade.internal/api/v2.0/companies(${s.companyId})/contacts(${c.id})`,
      { method: 'DELETE', headers: { authorization: `Bearer ${s.token}`, 'if-match': '*' } },
    );
    expect(res.status).toBe(204);
  }
}

// The same table where the keys meet what cc6b902's keys did not hold against (review V1, V6):
// - a BC user deleted the contact a key made, then the key's create is sent twice (the first
//   landed with its answer lost; the second host had looked up before it landed): the chain of the
//   key's successor ids (bc-contact-writes.ts successorContactId) names one new contact for both;
// - an Outlook-only edit (a photo: a new changeKey, the same values) between the stalled host's
//   read and the other host's read: an import's key is its Outlook id (create-keys.ts importKey).
const AFTER = ['a BC delete before the key is sent again', 'an Outlook-only edit between the reads'] as const;
const AFTER_CASES = CREATORS.flatMap((c) =>
  PAIRS.flatMap(([first, second]) =>
    AFTER.filter((event) => event !== AFTER[1] || c.name.startsWith('executor')).map(
      (event) => [c.name, first, second, event, c] as const,
    ),
  ),
);

describe('every BC create path, two hosts: a BC delete before the resend, an Outlook-only edit between reads', () => {
  test.each(AFTER_CASES)('%s: %s first, %s second, %s: one live BC contact per address', async (...row) => {
    const [, first, second, event, creator] = row;
    const s = await seat();
    const work = await creator.open(s);
    if (event === AFTER[0]) {
      // The key's contacts made and deleted in BC; then the first host makes them again (answers
      // lost) while the second, which looked up before that, is stalled; then its create goes out.
      await work.run(first, answersLost(adapter(first, s)));
      await deleteInBc(s, work.emails);
      await work.run(
        second,
        stalledBefore(adapter(second, s), () => work.run(first, answersLost(adapter(first, s)))),
      );
    } else {
      // The first read and stalled; the user adds a photo in Outlook; the second reads, imports.
      await work.run(
        first,
        stalledBefore(adapter(first, s), async () => {
          work.editOutlookOnly?.();
          await work.run(second, adapter(second, s));
        }),
      );
    }
    // Never two. "This sender" and keep-deleted: exactly one on every host pair — over HTTP a
    // resend within the kept answer's life after a BC delete was answered the deleted contact
    // (none live); a kept answer is now checked before it is sent again (server/replay.ts), so HTTP
    // makes the successor as in-process does. An import's run after the delete may instead remove
    // the Outlook copy (design §2: a BC delete removes it), so at most one there.
    const counts = await perAddress(s, work.emails);
    if (event === AFTER[1] || !creator.name.startsWith('executor'))
      expect(counts).toEqual(work.emails.map(() => 1));
    else expect(Math.max(...counts)).toBeLessThanOrEqual(1);
  });
});

describe('a create key reaches no other user or company (tenant and company isolation)', () => {
  const draft = (email: string): BcContactDraft => ({
    ...emptySyncFields(),
    type: 'Person',
    displayName: 'Same Import',
    email,
    createKey: JSON.stringify(['import', 'AAMk-same-outlook-id', 'same-change-key']),
  });

  test.each([
    ['pane', 'pane'],
    ['pane', 'scheduler'],
    ['scheduler', 'pane'],
    ['scheduler', 'scheduler'],
  ] as const)(
    'two users of one company (%s, %s), the same key and values: two contacts, each answered its own',
    async (a, b) => {
      const ann = await seat();
      const bob = await seat(ann.companyId);
      const email = `shared.${randomUUID().slice(0, 8)}@fabrikam.com`;
      const [x] = await adapter(a, ann).create([draft(email)]);
      const [y] = await adapter(b, bob).create([draft(email)]);
      expect([x?.ok, y?.ok]).toEqual([true, true]);
      if (!x?.ok || !y?.ok) return;
      expect(x.value.id).not.toBe(y.value.id);
      expect(await perAddress(ann, [email])).toEqual([2]);
      // Each user's own resend still names that user's contact.
      const [again] = await adapter(b === 'pane' ? 'scheduler' : 'pane', bob).create([draft(email)]);
      expect(again?.ok && again.value.id).toBe(y.value.id);
    },
  );

  test.each(['pane', 'scheduler'] as const)(
    'one user, two companies (%s), the same key and values: a contact in each, never the other\u2019s',
    async (host) => {
      const one = await seat();
      const other = await seat();
      const both: Seat = { ...other, userId: one.userId, token: one.token };
      await grantMembership(hosts.facade.db, one.userId, other.companyId, 'create-key-hosts');
      const email = `twocos.${randomUUID().slice(0, 8)}@fabrikam.com`;
      const [x] = await adapter(host, one).create([draft(email)]);
      const [y] = await adapter(host, both).create([draft(email)]);
      expect([x?.ok, y?.ok]).toEqual([true, true]);
      if (!x?.ok || !y?.ok) return;
      expect(x.value.id).not.toBe(y.value.id);
      expect([await perAddress(one, [email]), await perAddress(both, [email])]).toEqual([[1], [1]]);
    },
  );

  test.each(['pane', 'scheduler'] as const)(
    'a keyed contact deleted since: the same create makes a new contact (%s), never answers the deleted one',
    async (host) => {
      const s = await seat();
      const email = `again.${randomUUID().slice(0, 8)}@fabrikam.com`;
      // Two drafts: over HTTP a $batch (a request alone would be answered from its kept answer).
      const drafts = [draft(email), draft(`second.${email}`)];
      const first = await adapter(host, s).create(drafts);
      const id = first[0]?.ok ? first[0].value.id : '';
      const res = await injectFetch(hosts.facade.app)(
        `http://facade.internal/api/v2.0/companies(${s.companyId})/contacts(${id})`,
        { method: 'DELETE', headers: { authorization: `Bearer ${s.token}`, 'if-match': '*' } },
      );
      expect(res.status).toBe(204);
      const [made] = await adapter(host, s).create(drafts);
      expect(made?.ok && made.value.id !== id).toBe(true);
      expect(await perAddress(s, [email])).toEqual([1]);
    },
  );
});
