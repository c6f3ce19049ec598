import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { PortFailure, silentLogger } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import {
  createTestIssuer,
  exportSeed,
  replayJournal,
  startableGraphEmulator,
} from '../../src/emulator/index.js';
import type { GraphEmulator, JournalEntry } from '../../src/emulator/index.js';
import { journalEntry } from '../../src/emulator/index.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { catalogWords } from '../../src/messages/english.js';
import { LANGS } from '../../src/messages/langs.js';
import { runErrorText } from '../../src/messages/run-error-words.js';
import { CODE_CATALOGS } from '../messages/catalogs.js';
import { person } from '../support/world.js';

// Audit question 3: a folder name held by a folder that is no contact folder (a mail folder named
// "Business Central" made under Contacts in Outlook). Graph keeps one name per parent whatever a
// folder holds: GET /contactFolders?$filter=displayName eq … finds nothing, and the POST that
// makes it is refused 409 ErrorFolderExists. The emulator had contact folders only, so no test met
// it; a run then ended as a generic "folder could not be found or created" read failure. Now the
// emulator holds folders of other item classes (seeded with `folderClass`), and the run ends with
// its own code, `folderNameTaken`, that tells the user what to do, in six languages.

const USER = { oid: '5b0c6f1e-3e5f-4000-8000-00000000f0c1', upn: 'mailfolder@contoso.test' };
const TAKEN = 'Business Central';

let app: FastifyInstance;
let emulator: GraphEmulator;
let mailbox: GraphMailbox;
let origin = '';
let token: () => Promise<string>;
const journal: JournalEntry[] = [];

beforeAll(async () => {
  const issuer = await createTestIssuer();
  const started = await startableGraphEmulator({
    auth: issuer.auth,
    seed: {
      mailboxes: [
        {
          id: USER.oid,
          upn: USER.upn,
          folders: [
            { displayName: TAKEN, folderClass: 'IPF.Note' },
            { displayName: 'Customers', contacts: [] },
          ],
        },
      ],
    },
  });
  ({ app, emulator } = started);
  emulator.store.onWrite = (w) => journal.push(journalEntry(w));
  origin = await app.listen({ port: 0, host: '127.0.0.1' });
  token = () => issuer.userToken(USER.oid, USER.upn, { scopes: ['Contacts.ReadWrite'] });
  mailbox = new GraphMailbox({
    baseUrl: `${origin}/v1.0`,
    mailbox: { kind: 'me' },
    getToken: token,
    sleep: async () => undefined,
  });
});
afterAll(async () => {
  await app.close();
});

async function graph(method: string, path: string, body?: object) {
  const res = await fetch(`${origin}/v1.0${path}`, {
    method,
    headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { value?: unknown[] } };
}

describe('the emulator holds folders of other item classes (Graph: one name per parent)', () => {
  test('no contactFolders route lists or finds it; its name refuses a create and a rename (409)', async () => {
    const filter = encodeURIComponent(`displayName eq '${TAKEN}'`);
    expect((await graph('GET', `/me/contactFolders?$filter=${filter}`)).body.value).toEqual([]);
    const all = (await graph('GET', '/me/contactFolders')).body.value as { displayName: string }[];
    expect(all.map((f) => f.displayName)).toEqual(['Customers']);
    const made = await graph('POST', '/me/contactFolders', { displayName: TAKEN.toUpperCase() });
    expect([made.status, (made.body.error as { code: string }).code]).toEqual([409, 'ErrorFolderExists']);
    const customers = (all as { id: string; displayName: string }[])[0]!;
    const renamed = await graph('PATCH', `/me/contactFolders/${customers.id}`, { displayName: TAKEN });
    expect(renamed.status).toBe(409);
    const other = [...emulator.store.findMailbox(USER.oid)!.folders.values()].find((f) => f.folderClass)!;
    expect((await graph('GET', `/me/contactFolders/${other.id}`)).status).toBe(404);
    expect((await graph('GET', `/me/contactFolders/${other.id}/contacts`)).status).toBe(404);
  });

  test('it survives a save and a journal replay (persist.ts, journal.ts)', () => {
    const saved = exportSeed(emulator.store);
    const folders = saved.mailboxes.find((m) => m.id === USER.oid)!.folders!;
    expect(folders.find((f) => f.displayName === TAKEN)?.folderClass).toBe('IPF.Note');
    const replayed = replayJournal({ mailboxes: [] }, [
      ...journal,
      ...[...emulator.store.findMailbox(USER.oid)!.folders.values()]
        .filter((f) => f.folderClass)
        .map((folder) =>
          journalEntry({ kind: 'folder', mailbox: emulator.store.findMailbox(USER.oid)!, folder }),
        ),
    ]);
    const back = replayed.mailboxes.find((m) => m.id === USER.oid)!.folders!;
    expect(back.find((f) => f.displayName === TAKEN)?.folderClass).toBe('IPF.Note');
  });
});

describe('a run whose folder name a non-contact folder holds', () => {
  test('ensureFolder: refused values with the service code core words, not a bare 409', async () => {
    const failure = await mailbox.ensureFolder(TAKEN).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PortFailure);
    expect(failure).toMatchObject({
      kind: 'invalid',
      detail: { status: 409, serviceCode: 'ErrorFolderExists', folderName: TAKEN },
    });
  });

  test('a rename to the name: the same refusal, naming the folder (brief reentry item 2)', async () => {
    const customers = (await mailbox.findFolder('Customers'))!;
    const refusals = await Promise.all([
      mailbox.renameFolderById(customers.id, TAKEN).catch((e: unknown) => e),
      mailbox.renameFolder('Customers', TAKEN).catch((e: unknown) => e),
    ]);
    for (const failure of refusals)
      expect(failure).toMatchObject({
        kind: 'invalid',
        detail: { status: 409, serviceCode: 'ErrorFolderExists', folderName: TAKEN },
      });
    expect((await mailbox.findFolder('Customers'))?.id).toBe(customers.id);
  });

  test('named example: the run ends folderNameTaken, worded in six languages', async () => {
    const clock = new ManualClock();
    const bc = new MemoryBcContacts(clock);
    bc.seed(person(1));
    const store = new MemorySyncStateStore();
    const thrown = await runSync(
      { bc, mailbox, store, clock, logger: silentLogger },
      { runId: 'run-1', userId: USER.oid, mode: 'full', dryRun: false, trigger: 'pane' },
    ).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(PortFailure);
    const record = (await store.getRun(USER.oid, 'run-1'))!;
    expect(record.status).toBe('failed');
    const last = record.errors.at(-1)!;
    expect(last).toMatchObject({
      side: 'run',
      code: 'folderNameTaken',
      params: { port: 'outlook', folderName: TAKEN },
    });
    const { folderName: _named, ...unnamed } = last.params ?? {};
    for (const lang of LANGS) {
      const words = catalogWords(lang, CODE_CATALOGS[lang] as never);
      const text = runErrorText(words, last);
      expect({ lang, text }).toEqual({ lang, text: expect.stringMatching(/^[^{}]{40,}$/) });
      expect(text).toContain('Outlook');
      expect({ lang, named: text.includes(TAKEN) }).toEqual({ lang, named: true });
      // A record from before the name was carried: still whole words, no empty name.
      const old = runErrorText(words, { ...last, params: unnamed });
      expect({ lang, old }).toEqual({ lang, old: expect.stringMatching(/^[^{}"«]{40,}$/) });
    }
  });
});
