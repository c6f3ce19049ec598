import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { silentLogger } from '../../src/core/ports.js';
import type { OutlookContactDraft } from '../../src/core/model.js';
import { runSync } from '../../src/core/run.js';
import type { RunRecord } from '../../src/core/records.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { emptySyncFields } from '../../src/core/model.js';
import { PortFailure } from '../../src/core/ports.js';
import { runErrorOf } from '../../src/core/run-errors.js';
import { onSide } from '../../src/core/sided-port.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemberStoreBcContacts } from '../../src/server/embedded/member-bc-contacts.js';
import { insertCompany } from '../../src/store/bc-repository-companies.js';
import { grantMembership, revokeMembership } from '../../src/store/company-members.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';

// Tester F74: a server-side run (schedule, CLI) kept writing BC contacts after an administrator
// revoked the user's company membership: it was checked only when the run started. Now the
// store's BC port of a server run checks it again before each group of writes, and a revoked one
// ends the run with a data reason (403 Authorization_NoCompanyMembership on the bc side).

const USER = 'tid-1:oid-ann';
const clock = new ManualClock('2026-03-01T08:00:00.000Z');
let db: Db;
let companyId: string;

beforeAll(async () => {
  db = await openPglite({ loadDataDir: (await buildMigratedTemplate()).template });
  companyId = (await insertCompany(db, clock, { name: 'F74 Ltd' })).id;
  await grantMembership(db, USER, companyId, 'test');
});
afterAll(() => db.close());

const draft = (n: number) => ({
  ...emptySyncFields(),
  type: 'Person' as const,
  displayName: `F74 Person ${n}`,
  email: `f74-${n}@fabrikam.com`,
});

/**
 * The run error a revoked membership leaves: the reason as data, naming the port call and the
 * company (F85: its own code; it was readFailed 'invalid', worded "the service refused its values").
 */
const revoked = (runId: string, operation: string, company = '') => ({
  side: 'run',
  id: runId,
  code: 'accessRevoked',
  params: { company, port: 'bc', operation },
});

describe("a run's writes stop once the user's membership is revoked (F74)", () => {
  test('the named example: writes while a member, then a revoke mid-run: every later group of writes is refused, nothing written', async () => {
    const bc = new MemberStoreBcContacts(db, clock, companyId, USER);
    const [made] = await bc.create([draft(1)]);
    expect(made?.ok).toBe(true);
    const contact = made?.ok ? made.value : null;

    await revokeMembership(db, USER, companyId);
    const writes: [string, () => Promise<unknown>][] = [
      ['create', () => bc.create([draft(2)])],
      [
        'update',
        () => bc.update([{ id: contact!.id, etag: contact!.etag, patch: { jobTitle: 'after revoke' } }]),
      ],
    ];
    for (const [name, write] of writes) {
      const failure = await write().then(
        () => null,
        (e: unknown) => e,
      );
      expect([name, failure instanceof PortFailure]).toEqual([name, true]);
      expect((failure as PortFailure).detail).toEqual({
        status: 403,
        serviceCode: 'Authorization_NoCompanyMembership',
      });
    }
    expect(await bc.findByEmails(['f74-2@fabrikam.com'])).toEqual([]);
    expect((await bc.getMany([contact!.id]))[0]?.jobTitle).toBe('');
  });

  test('the run ends with the reason as data: accessRevoked on bc.create (403 Authorization_NoCompanyMembership)', async () => {
    const bc = onSide(new MemberStoreBcContacts(db, clock, companyId, 'tid-1:oid-never-a-member'), 'bc');
    const failure = await bc.create([draft(3)]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(runErrorOf(failure, 'run-1')).toEqual(revoked('run-1', 'create'));
  });

  // The kind, tester's retest of F74: the check stood only before BC writes, so a first sync
  // revoked 3 s in still carried 263 BC contacts into the mailbox. The run asks before each group
  // of writes on either side (BcContacts.checkAccess).
  test('a revoke during the Outlook writes of a first sync: the run stops before the next group, failed with the reason as data', async () => {
    const user = 'tid-1:oid-bo';
    const company = (await insertCompany(db, clock, { name: 'F74 Outlook Ltd' })).id;
    await grantMembership(db, user, company, 'test');
    const bc = new MemberStoreBcContacts(db, clock, company, user);
    await bc.create(Array.from({ length: 1000 }, (_, i) => ({ ...draft(100 + i), firstName: 'F74' })));
    const mailbox = new MemoryMailbox();
    const create = mailbox.create.bind(mailbox);
    let groups = 0;
    mailbox.create = async (folderId: string, drafts: readonly OutlookContactDraft[]) => {
      const out = await create(folderId, drafts);
      // An administrator revokes the membership while the first group is written.
      if (++groups === 1) await revokeMembership(db, user, company);
      return out;
    };
    let record: RunRecord | null = null;
    // A run that failed after taking its lease records the failure, then throws it (runSync).
    const thrown = await runSync(
      { bc, mailbox, store: new MemorySyncStateStore(), clock, logger: silentLogger },
      { runId: 'run-f74', userId: user, mode: 'full', dryRun: false, trigger: 'schedule' },
      { onRecord: (r) => (record = r) },
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(PortFailure);
    const folder = mailbox.folderByName('Business Central')!;
    const written = mailbox.folderContacts(folder.id).length;
    expect(record!.status).toBe('failed');
    expect(record!.errors).toEqual([revoked('run-f74', 'checkAccess', company)]);
    // Only groups already sent when the revoke landed (at most two in flight), never all 1,000 (groups of 200).
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThanOrEqual(400);
  });
});
