import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { makeLink } from '../../src/core/link.js';
import { outlookToSyncFields } from '../../src/core/mapping.js';
import type { OutlookContact } from '../../src/core/model.js';
import { OUTLOOK_ONLY_PROPERTIES } from '../../src/core/outlook-only.js';
import { ownValuesBeside } from '../../src/core/owned-values.js';
import { createTestIssuer, startableGraphEmulator } from '../../src/emulator/index.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { facadeApi } from '../../src/taskpane/api/facade-api.js';
import type { LinkView } from '../../src/taskpane/api/types.js';
import { outlookDraft } from '../contracts/fixtures.js';
import { graphUserSets } from '../support/outlook-only-samples.js';

// F54, the pane's "move the sync to the existing folder": the copies in the old folder are removed
// (the next sync brings them to the new one) except those holding values BC has no field for, which
// stay where they are, whole. Real GraphMailbox against the Graph emulator on loopback.

const USER = { oid: '5b0c6f1e-2222-4000-8000-00000000f054', upn: 'mover@contoso.test' };

let origin = '';
let token = '';
let close: () => Promise<void> = async () => undefined;
let box: GraphMailbox;

beforeAll(async () => {
  const issuer = await createTestIssuer();
  const { app } = await startableGraphEmulator({ auth: issuer.auth });
  origin = await app.listen({ port: 0, host: '127.0.0.1' });
  close = () => app.close();
  token = await issuer.userToken(USER.oid, USER.upn, { scopes: ['Contacts.ReadWrite'] });
  box = new GraphMailbox({
    baseUrl: `${origin}/v1.0`,
    mailbox: { kind: 'me' },
    getToken: async () => token,
    sleep: async () => undefined,
  });
});
afterAll(() => close());

/** The Outlook user types into a contact (straight to the emulator, as Outlook would). */
async function userPatch(folderId: string, id: string, body: Record<string, unknown>): Promise<void> {
  const url = `${origin}/v1.0/me/contactFolders/${encodeURIComponent(folderId)}/contacts/${encodeURIComponent(id)}`;
  const res = await fetch(url, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`PATCH ${res.status} ${await res.text()}`);
}

/** The link the sync stored for a copy it wrote: its values as the base, its own entries remembered. */
function linkOf(c: OutlookContact): LinkView {
  const base = outlookToSyncFields(c);
  return makeLink(
    { bcId: c.bcId, outlookId: c.id },
    base,
    { bcEtag: 'e', outlookChangeKey: c.changeKey },
    ownValuesBeside(c, base),
  );
}

/** A folder of the given name with one synced copy per property, plus one copy holding nothing. */
async function oldFolder(name: string) {
  const folder = await box.ensureFolder(name);
  const drafts = [...OUTLOOK_ONLY_PROPERTIES, 'none'].map((_, i) => outlookDraft(100 + i));
  const created = (await box.create(folder.id, drafts)).map((r) => {
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  });
  const links = created.map(linkOf);
  for (const [i, p] of OUTLOOK_ONLY_PROPERTIES.entries())
    await graphUserSets(
      `${origin}/v1.0/me/contactFolders/${encodeURIComponent(folder.id)}/contacts/${encodeURIComponent(created[i]!.id)}`,
      token,
      p,
      true,
    );
  return { folder, created, links };
}

function paneApi(folderId: string, links: readonly LinkView[]) {
  const facadeFetch = (async (input: string | URL | Request) => {
    const url = String(input);
    if (new URL(url).pathname === '/sync/v1/links') return Response.json({ folderId, links });
    throw new Error(`unexpected facade call ${url}`);
  }) as typeof fetch;
  return facadeApi({
    origin: 'https://facade.test',
    graphBaseUrl: `${origin}/v1.0`,
    tokens: { user: USER.upn, facade: async () => 'f', graph: async () => token, renew: async () => token },
    fetch: facadeFetch,
    graphFetch: fetch,
  });
}

describe('F54: moving the sync to an existing folder never removes a copy holding values BC has no field for', () => {
  test('every Outlook-only property keeps its copy in the old folder; the copy holding nothing is removed', async () => {
    const { folder, created, links } = await oldFolder('Old folder A');
    const result = await paneApi(folder.id, links).removeCopies('Old folder A', links);
    expect(result).toEqual({ removed: 1, kept: OUTLOOK_ONLY_PROPERTIES.length });
    const left = await box.listContacts(folder.id);
    const byId = new Map(left.map((c) => [c.id, c]));
    for (const [i, p] of OUTLOOK_ONLY_PROPERTIES.entries()) {
      expect([p, byId.get(created[i]!.id)?.outlookOnly]).toEqual([p, [p]]);
    }
    expect(byId.has(created[OUTLOOK_ONLY_PROPERTIES.length]!.id)).toBe(false);
  });

  test("Outlook's own third e-mail and second business phone keep the copy too; BC's own entries alone do not", async () => {
    const folder = await box.ensureFolder('Old folder B');
    const [mine, plain] = (
      await box.create(folder.id, [
        outlookDraft(201, { businessPhones: ['+1 425 555 0100'] }),
        outlookDraft(202, { businessPhones: ['+1 425 555 0100'] }),
      ])
    ).map((r) => {
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    });
    const links = [linkOf(mine!), linkOf(plain!)];
    await userPatch(folder.id, mine!.id, {
      emailAddresses: [...mine!.emailAddresses, { address: 'mine@own.example', name: 'Mine' }],
      businessPhones: [...mine!.businessPhones, '+1 425 555 0999'],
    });
    const result = await paneApi(folder.id, links).removeCopies('Old folder B', links);
    expect(result).toEqual({ removed: 1, kept: 1 });
    expect((await box.listContacts(folder.id)).map((c) => c.id)).toEqual([mine!.id]);
  });
});
