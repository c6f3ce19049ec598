/**
 * F104: run errors that concern a BC company name it by the name BC shows, in every host and
 * language; the GUID told a user nothing to ask an administrator for ("Ask an administrator to give
 * you access to company 5d115c9c-…"). The kind: every run error code whose params name a company.
 * Core puts the names beside the ids (errors stay data), the record keeps the state company's
 * name, and the edge words the name where it has one, else the id (records from before).
 */
import { describe, expect, test } from '@jest/globals';
import { silentLogger } from '../../src/core/ports.js';
import { PortFailure } from '../../src/core/ports.js';
import { NO_MEMBERSHIP_SERVICE_CODE } from '../../src/core/port-errors.js';
import { runSync } from '../../src/core/run.js';
import { runErrorOf } from '../../src/core/run-errors.js';
import { onSide } from '../../src/core/sided-port.js';
import { companyChangedError } from '../../src/core/state-origin.js';
import type { RunError, RunErrorCode, RunRecord, SyncMode } from '../../src/core/records.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { catalogWords } from '../../src/messages/english.js';
import { LANGS } from '../../src/messages/langs.js';
import { runErrorText } from '../../src/messages/words.js';
import { USER, person } from '../support/world.js';
import { CODE_CATALOGS } from './catalogs.js';

const CRONUS = { id: '5d115c9c-44e3-ee11-904d-6045bdc8c192', name: 'CRONUS International Ltd.' };
const ADATUM = { id: '1a1a1a1a-0000-0000-0000-00000000000a', name: 'Adatum Corporation' };

const clock = new ManualClock();
const mailbox = new MemoryMailbox();
const store = new MemorySyncStateStore();
const cronus = new MemoryBcContacts(clock, CRONUS.id, CRONUS.name);
const adatum = new MemoryBcContacts(clock, ADATUM.id, ADATUM.name);
let runs = 0;

async function sync(bc: MemoryBcContacts, mode: SyncMode): Promise<RunRecord> {
  clock.advance(60_000);
  const { record } = await runSync(
    { bc, mailbox, store, clock, logger: silentLogger },
    {
      runId: `run-${++runs}`,
      userId: USER,
      mode,
      dryRun: false,
      trigger: 'schedule',
      confirmMassDelete: false,
    },
  );
  return record;
}

/** Each company-naming code, as core builds it, with the companies it names. */
const NAMING: Readonly<Partial<Record<RunErrorCode, { error: RunError; names: string[]; ids: string[] }>>> = {
  companyChanged: {
    error: companyChangedError('r1', {
      from: CRONUS.id,
      to: ADATUM.id,
      fromName: CRONUS.name,
      toName: ADATUM.name,
    }),
    names: [CRONUS.name, ADATUM.name],
    ids: [CRONUS.id, ADATUM.id],
  },
  accessRevoked: {
    error: runErrorOf(
      new PortFailure(
        'invalid',
        'x',
        { status: 403, serviceCode: NO_MEMBERSHIP_SERVICE_CODE },
        { side: 'bc', operation: 'create', company: CRONUS.id, companyName: CRONUS.name },
      ),
      'r1',
    ),
    names: [CRONUS.name],
    ids: [CRONUS.id],
  },
};

describe('a run error names a BC company by its name (F104)', () => {
  test('table: every company-naming code says the names, not the ids, in all six languages', () => {
    for (const [code, { error, names, ids }] of Object.entries(NAMING)) {
      expect(error.code).toBe(code);
      for (const lang of LANGS) {
        const text = runErrorText(catalogWords(lang, CODE_CATALOGS[lang] as never), error);
        for (const name of names)
          expect({ code, lang, text }).toEqual({ code, lang, text: expect.stringContaining(name) });
        for (const id of ids)
          expect({ code, lang, text }).not.toEqual({ code, lang, text: expect.stringContaining(id) });
      }
    }
  });

  test('F109: a name ending in a period ends the sentence with one period in every language', () => {
    const error = NAMING.companyChanged!.error;
    for (const lang of LANGS) {
      const text = runErrorText(catalogWords(lang, CODE_CATALOGS[lang] as never), error);
      expect({ lang, text }).not.toEqual({ lang, text: expect.stringContaining('Ltd..') });
      expect({ lang, text }).toEqual({ lang, text: expect.stringContaining('CRONUS International Ltd.') });
    }
  });

  test('without names (records and adapters from before) the ids are said, so the text still names the company', () => {
    const old = companyChangedError('r1', { from: CRONUS.id, to: ADATUM.id });
    expect(old.params).toEqual({ from: CRONUS.id, to: ADATUM.id });
    const text = runErrorText(catalogWords('en', CODE_CATALOGS.en as never), old);
    expect(text).toContain(CRONUS.id);
    expect(text).toContain(ADATUM.id);
  });

  test('the named example: synced with CRONUS, a run with Adatum stops naming both companies by name', async () => {
    for (let n = 1; n <= 3; n++) cronus.seed(person(n));
    const first = await sync(cronus, 'full');
    expect(first).toMatchObject({ status: 'succeeded', companyId: CRONUS.id, companyName: CRONUS.name });
    const other = await sync(adatum, 'delta');
    expect(other.status).toBe('failed');
    expect(other.errors).toEqual([
      {
        side: 'run',
        id: other.id,
        code: 'companyChanged',
        params: { from: CRONUS.id, to: ADATUM.id, fromName: CRONUS.name, toName: ADATUM.name },
      },
    ]);
    // The refused run carries the state's company over, by its name too (review R2): it claims
    // nothing of Adatum.
    expect({ id: other.companyId, name: other.companyName }).toEqual({ id: CRONUS.id, name: CRONUS.name });
    const en = runErrorText(catalogWords('en', CODE_CATALOGS.en as never), other.errors[0]!);
    expect(en).toContain(
      'Ask an administrator to give you access to company CRONUS International Ltd. again.',
    );
  });

  test('a bc port wired with its company names it in an access revoked mid-run', async () => {
    const port = onSide(
      {
        create: async (): Promise<never> => {
          throw new PortFailure('invalid', 'x', { status: 403, serviceCode: NO_MEMBERSHIP_SERVICE_CODE });
        },
      },
      'bc',
      { id: CRONUS.id, name: CRONUS.name },
    );
    const thrown = await port.create().catch((e: unknown) => e);
    expect(runErrorOf(thrown, 'r1')).toMatchObject({
      code: 'accessRevoked',
      params: { company: CRONUS.id, companyName: CRONUS.name },
    });
  });

  test.each([
    ["names it from the host's company list", true],
    ['control: a host without the list says the id', false],
  ])(
    'a state whose last good run predates RunRecord.companyName: a run with another company %s',
    async (_name, listed) => {
      const own = {
        clock: new ManualClock(),
        store: new MemorySyncStateStore(),
        mailbox: new MemoryMailbox(),
      };
      const bc = (c: typeof CRONUS) => {
        const port = new MemoryBcContacts(own.clock, c.id, c.name);
        const names = new Map([CRONUS, ADATUM].map((x) => [x.id, x.name]));
        return listed ? Object.assign(port, { nameOf: (id: string) => names.get(id) }) : port;
      };
      const run = (port: MemoryBcContacts, runId: string) =>
        runSync(
          { bc: port, mailbox: own.mailbox, store: own.store, clock: own.clock, logger: silentLogger },
          { runId, userId: USER, mode: 'full', dryRun: false, trigger: 'schedule' },
        );
      const cronusPort = bc(CRONUS);
      cronusPort.seed(person(1));
      const { record } = await run(cronusPort, 'run-old');
      // The record as a run before F104 saved it: the company's id, no name.
      const { companyName: _dropped, ...before } = record;
      await own.store.saveRun(before);
      own.clock.advance(60_000);
      const other = (await run(bc(ADATUM), 'run-new')).record;
      expect(other.errors[0]?.code).toBe('companyChanged');
      expect(other.errors[0]?.params?.fromName).toBe(listed ? CRONUS.name : undefined);
      const en = runErrorText(catalogWords('en', CODE_CATALOGS.en as never), other.errors[0]!);
      expect(en.includes(CRONUS.name)).toBe(listed);
      expect(en.includes(CRONUS.id)).toBe(!listed);
    },
  );
});
