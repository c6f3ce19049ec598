import { describe, expect, test } from '@jest/globals';
import type { SyncMode } from '../../src/core/records.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { startInProcessProduct } from '../support/in-process-product.js';
import { openedForTests } from '../support/opened.js';
import type { RunningServer } from '../../src/server/main.js';

// Issue 8 evidence: one contact carrying every kind of the issue — Outlook-only extras (a third
// e-mail, a second business phone), a street that becomes three lines, a decomposed (NFD) name, a
// mixed-case e-mail, a country typed as a name — goes through the facade, the Graph emulator and
// the engine on loopback for five alternating edit/sync rounds. After each round every value is
// synced, kept as Outlook's own, or held in a conflict record; nothing is lost.

const USER = 'ann@contoso.com';
type Json = Record<string, unknown> & { value: Record<string, unknown>[] };
type OlContact = {
  id: string;
  displayName: string;
  jobTitle: string | null;
  mobilePhone: string | null;
  emailAddresses: { address: string; name: string }[];
  businessPhones: string[];
  businessAddress: { street?: string; city?: string; countryOrRegion?: string };
};

const NFD_NAME = 'Chloé Dupré'.normalize('NFD');
const NFC_NAME = 'Chloé Dupré'.normalize('NFC');
const OWN_EMAIL = { address: 'chloe.home@example.net', name: 'Chloé (home)' };
const OWN_PHONE = '+33 6 99 99 99 99';

describe('nothing lost: one contact with every kind, five alternating rounds (issue 8)', () => {
  const product = openedForTests(() => startInProcessProduct('bcsync-nothing-lost-', USER));
  let folderId: string;
  let bcId: string;
  let olId: string;

  const api = (path: string, init?: RequestInit, token?: string) =>
    product.api(path, init, token) as Promise<Json>;
  const contactPath = () => `/api/v2.0/companies(${product.companyId})/contacts(${bcId})`;
  const bc = async () => api(contactPath());
  const outlook = async () =>
    (await api(`/graph/v1.0/me/contacts/${olId}`, {}, product.graphToken)) as unknown as OlContact;
  const editBc = async (patch: Record<string, unknown>) => {
    const now = await bc();
    await api(contactPath(), {
      method: 'PATCH',
      headers: { 'if-match': now['@odata.etag'] as string },
      body: JSON.stringify(patch),
    });
  };
  const editOutlook = async (patch: Record<string, unknown>) =>
    api(
      `/graph/v1.0/me/contacts/${olId}`,
      { method: 'PATCH', body: JSON.stringify(patch) },
      product.graphToken,
    );
  /** Her skip entries (the demo company's contacts are skipped as out of scope). */
  const herSkips = (outcome: Awaited<ReturnType<RunningServer['manager']['runNow']>>) =>
    outcome.plan!.skipped.filter((s) => s.record.bcId === bcId || s.record.outlookId === olId);
  const sync = async (mode: SyncMode) => {
    const outcome = await product.server.manager.runNow(devUserKey(USER), { mode, trigger: 'schedule' });
    expect({ status: outcome.record.status, errors: outcome.record.errors }).toEqual({
      status: 'succeeded',
      errors: [],
    });
    return outcome;
  };
  /** Outlook's own values are still there, and none of them ever reached BC. */
  const ownValuesKept = async () => {
    const o = await outlook();
    expect(o.emailAddresses).toContainEqual(OWN_EMAIL);
    expect(o.businessPhones).toContain(OWN_PHONE);
    const b = await bc();
    const bcValues = [b.email, b.email2, b.phoneNumber].map((v) => String(v).toLowerCase());
    expect(bcValues).not.toContain(OWN_EMAIL.address);
    expect(bcValues).not.toContain(OWN_PHONE);
  };

  /**
   * The latest value typed for each field, on either side (both sides' values when both typed it in
   * one round): after every sync each one must be in BC, in Outlook, or in a conflict record. A value
   * a later edit replaced is the user's own doing, not a loss.
   */
  const ledger = new Map<string, string[]>();
  let thisRound = new Map<string, string[]>();
  const typed = (values: Record<string, string>) => {
    for (const [field, v] of Object.entries(values))
      thisRound.set(field, [...(thisRound.get(field) ?? []), v]);
  };
  const nothingLost = async () => {
    for (const [field, values] of thisRound) ledger.set(field, values);
    thisRound = new Map();
    const held = JSON.stringify([await bc(), await outlook(), await api('/sync/v1/conflicts')]);
    const haystack = held.normalize('NFC').toLowerCase();
    const found = (v: string) =>
      haystack.includes(JSON.stringify(v.normalize('NFC')).slice(1, -1).toLowerCase());
    for (const [field, values] of ledger)
      for (const v of values.filter((x) => x !== ''))
        expect({ field, v, found: found(v) }).toEqual({ field, v, found: true });
    await ownValuesKept();
  };

  test('every value is synced, kept as Outlook’s own, or held in a conflict record', async () => {
    // The filter, typed in NFC, selects her alone (the demo company's contacts stay out of scope);
    // her name arrives decomposed: she stays in scope and no delete is ever planned.
    await api('/sync/v1/settings', {
      method: 'PUT',
      body: JSON.stringify({ ...(await api('/sync/v1/settings')), filter: { name: 'Chloé*' } }),
    });
    await sync('full'); // creates the folder
    const folders = await api(
      `/graph/v1.0/me/contactFolders?$filter=displayName eq 'Business Central'`,
      {},
      product.graphToken,
    );
    folderId = folders.value[0]!.id as string;
    const created = await api(
      `/graph/v1.0/me/contactFolders/${folderId}/contacts`,
      {
        method: 'POST',
        body: JSON.stringify({
          displayName: NFD_NAME,
          givenName: 'Chloé'.normalize('NFD'),
          surname: 'Dupré'.normalize('NFD'),
          emailAddresses: [
            { address: 'Chloe.Dupre@Example.org', name: NFD_NAME },
            { address: 'chloe.work@example.org', name: NFD_NAME },
            OWN_EMAIL,
          ],
          businessPhones: ['+33 1 00 00 00 01', OWN_PHONE],
          businessAddress: { street: 'Unit 5\r\nDock Road', city: 'Lyon', countryOrRegion: 'United Kingdom' },
        }),
      },
      product.graphToken,
    );
    olId = created.id as string;
    typed({
      name: NFD_NAME,
      email: 'Chloe.Dupre@Example.org',
      email2: 'chloe.work@example.org',
      phone: '+33 1 00 00 00 01',
      street1: 'Unit 5',
      street2: 'Dock Road',
      city: 'Lyon',
      country: 'United Kingdom',
    });
    // Import: the first e-mails and phone are BC's, the rest Outlook's own; the name is stored NFC.
    await sync('full');
    const q = encodeURIComponent(`startswith(displayName,'Chlo')`);
    const imported = (await api(`/api/v2.0/companies(${product.companyId})/contacts?$filter=${q}`)).value;
    expect(imported).toHaveLength(1);
    bcId = imported[0]!.id as string;
    expect(await bc()).toMatchObject({
      displayName: NFC_NAME,
      email: 'Chloe.Dupre@Example.org',
      email2: 'chloe.work@example.org',
      phoneNumber: '+33 1 00 00 00 01',
      addressLine1: 'Unit 5',
      addressLine2: 'Dock Road',
      country: 'GB',
    });
    await nothingLost();
    // Round 1 (BC): E-Mail 2 cleared, job title set.
    await editBc({ email2: '', jobTitle: 'Buyer' });
    typed({ email2: '', jobTitle: 'Buyer' });
    let r = await sync('delta');
    let o = await outlook();
    expect(o.emailAddresses.map((e) => e.address)).toEqual(['Chloe.Dupre@Example.org', OWN_EMAIL.address]);
    expect(o.jobTitle).toBe('Buyer');
    expect(r.record.counts.outlook.deleted).toBe(0);
    await nothingLost();

    // Round 2 (Outlook): the street becomes three lines and the mobile is set: BC cannot hold the
    // street, so nothing of the contact reaches BC; Outlook keeps both, the contact is reported.
    const threeLines = 'Floor 2\r\nHarbour House\r\nQuay Side';
    await editOutlook({
      businessAddress: { ...o.businessAddress, street: threeLines },
      mobilePhone: '+33 6 12 34 56 78',
    });
    typed({
      street1: 'Floor 2',
      street2: 'Harbour House',
      street3: 'Quay Side',
      mobile: '+33 6 12 34 56 78',
    });
    r = await sync('full');
    expect(await bc()).toMatchObject({
      addressLine1: 'Unit 5',
      addressLine2: 'Dock Road',
      mobilePhoneNumber: '',
    });
    expect(herSkips(r).map((s) => s.record.reason)).toEqual([
      { kind: 'streetLines', field: 'addressLine2', lines: 3, max: 2 },
    ]);
    expect((await outlook()).businessAddress.street).toBe(threeLines);
    await nothingLost();

    // Round 3 (BC): Phone No. cleared, city changed: Outlook's own phone stays, its street too.
    await editBc({ phoneNumber: '', city: 'Leeds' });
    typed({ phone: '', city: 'Leeds' });
    await sync('delta');
    o = await outlook();
    expect(o.businessPhones).toEqual([OWN_PHONE]);
    expect(o.businessAddress).toMatchObject({
      street: threeLines,
      city: 'Leeds',
      countryOrRegion: 'United Kingdom',
    });
    await nothingLost();

    // Round 4 (Outlook): the street is fixed to two lines, the e-mail's case changes only.
    await editOutlook({
      businessAddress: { ...o.businessAddress, street: 'Floor 2\nHarbour House' },
      emailAddresses: [{ address: 'CHLOE.DUPRE@example.org', name: NFC_NAME }, OWN_EMAIL],
    });
    typed({ street3: '', email: 'CHLOE.DUPRE@example.org' });
    r = await sync('full');
    expect(herSkips(r)).toEqual([]);
    expect(await bc()).toMatchObject({
      addressLine1: 'Floor 2',
      addressLine2: 'Harbour House',
      mobilePhoneNumber: '+33 6 12 34 56 78',
      email: 'Chloe.Dupre@Example.org',
      phoneNumber: '',
      city: 'Leeds',
    });
    await nothingLost();

    // Round 5 (both): job title changed on both sides: BC wins (the default), Outlook's value is
    // held in the conflict record.
    await editBc({ jobTitle: 'Head Buyer' });
    await editOutlook({ jobTitle: 'Procurement Lead' });
    typed({ jobTitle: 'Head Buyer' });
    typed({ jobTitle: 'Procurement Lead' });
    await sync('full');
    expect((await outlook()).jobTitle).toBe('Head Buyer');
    const conflicts = (await api('/sync/v1/conflicts')).conflicts as { bcId: string; record: unknown }[];
    expect(conflicts).toHaveLength(1);
    expect(JSON.stringify(conflicts[0])).toContain('Procurement Lead');
    await nothingLost();

    // Settled: one more run writes nothing, and the name is still the same text on both sides.
    const quiet = await sync('full');
    expect(quiet.record.counts).toEqual({
      bc: { created: 0, updated: 0, deleted: 0 },
      outlook: { created: 0, updated: 0, deleted: 0 },
    });
    expect((await bc()).displayName).toBe(NFC_NAME);
    expect((await outlook()).displayName.normalize('NFC')).toBe(NFC_NAME);

    // §8 through the Graph adapter and the emulator: BC renames her; her e-mail entry's name
    // follows, Outlook's own entry keeps its name.
    await editBc({ displayName: 'Chloé Dupré-Martin' });
    await sync('delta');
    expect((await outlook()).emailAddresses).toEqual([
      { address: 'CHLOE.DUPRE@example.org', name: 'Chloé Dupré-Martin' },
      OWN_EMAIL,
    ]);
  });
});
