import { describe, expect, test } from '@jest/globals';
import { PortFailure } from '../../src/core/ports.js';
import type { BcContacts, Mailbox } from '../../src/core/ports.js';
import type { RunError } from '../../src/core/records.js';
import { onSide } from '../../src/core/sided-port.js';
import { catalogWords } from '../../src/messages/english.js';
import { LANGS } from '../../src/messages/langs.js';
import { PORT_OPERATIONS, runErrorText } from '../../src/messages/words.js';
import { failureText } from '../../src/taskpane/services.js';
import { CODE_CATALOGS, paneWords } from '../messages/catalogs.js';
import { World, outlookPerson, person } from '../support/world.js';

// F51: a run that failed on a read said "Business Central or Outlook could not be read". Every port
// call a run makes is marked with its side and method where the run wires its ports (onSide), and
// the words say which side and what, in six languages.

/** The service's own text, never shown. */
const RAW = 'RAW-SERVICE-TEXT';

type Method = (typeof PORT_OPERATIONS)[number];

/**
 * Port methods that answer at once (typed as values, not promises: they call no service). They fail
 * by throwing: a rejected promise from one would be taken for its value (createdIdOf's id) and left
 * unhandled, which crashed the test's worker after RV14 added createdIdOf to the memory BC port.
 */
type AtOnceOf<P> = {
  [K in keyof P]-?: NonNullable<P[K]> extends (...args: never[]) => infer R
    ? R extends Promise<unknown>
      ? never
      : K
    : never;
}[keyof P];
/** Every such method of both ports, by their types: one added to a port breaks the build here. */
// `stats` is no operation (PORT_OPERATIONS leaves it out): the run never fails on it.
const AT_ONCE_METHODS: Record<Exclude<AtOnceOf<BcContacts> | AtOnceOf<Mailbox>, 'stats'>, true> = {
  trackedCompany: true,
  forCompany: true,
  nameOf: true,
  createdIdOf: true,
};
const AT_ONCE: ReadonlySet<string> = new Set(Object.keys(AT_ONCE_METHODS));

/** Makes the first call of `method` on `port` fail as a service outage. */
function failOnce(port: object, method: string): void {
  const target = port as Record<string, (...args: unknown[]) => unknown>;
  const original = target[method];
  if (typeof original !== 'function') return;
  let armed = true;
  // An own property: a port may answer a method by a getter (MemoryBcContacts.createdIdOf).
  Object.defineProperty(target, method, {
    configurable: true,
    writable: true,
    value: (...args: unknown[]) => {
      if (!armed) return original.apply(port, args);
      armed = false;
      const failure = new PortFailure('unavailable', RAW, { status: 503, serviceCode: 'Http503' });
      if (AT_ONCE.has(method)) throw failure;
      return Promise.reject(failure);
    },
  });
}

/**
 * A first full sync (folder made, creates both ways), an edit on each side, a delta sync, a BC
 * delete and a full sync: the first run that fails gives its record's run error.
 */
async function firstFailure(side: 'bc' | 'outlook', method: Method): Promise<RunError | null> {
  const w = new World();
  w.bc.seed(person(1));
  const b2 = w.bc.seed(person(2));
  // A run that makes its folder reads nothing of it (MailFolder.startLink), and a failed round past
  // its own writes only leaves no link (the next run reads the folder whole): the folder is there
  // before the first run, whose read of it is then the call that fails.
  if (side === 'outlook' && method === 'readChanges') await w.mailbox.ensureFolder('Business Central');
  failOnce(side === 'bc' ? w.bc : w.mailbox, method);
  const steps: (() => Promise<void>)[] = [
    async () => {
      await w.sync('full');
    },
    async () => {
      w.mailbox.userCreate((await w.folder()).id, outlookPerson(7));
      w.bc.seed(person(3));
      await w.sync('delta');
    },
    async () => {
      w.bc.remove(b2.id);
      await w.settings({ massDeleteShare: 1 });
      await w.sync('full');
    },
  ];
  for (const step of steps) {
    const failed = await step().then(
      () => null,
      (e: unknown) => e,
    );
    if (failed === null) continue;
    expect(failed).toBeInstanceOf(PortFailure);
    // The method the run called: `method` itself, or the one that called it inside the adapter
    // (the memory ports' readChanges reads through listAll / listContacts).
    const call = (failed as PortFailure).call;
    expect(call?.side).toBe(side);
    expect(PORT_OPERATIONS).toContain(call?.operation);
    const runs = await w.store.listRuns('ann@contoso.com', 10);
    const record = runs.find((r) => r.status === 'failed');
    return record?.errors[0] ?? null;
  }
  return null;
}

const SIDE_NAME = { bc: 'Business Central', outlook: 'Outlook' } as const;
const OTHER_NAME = { bc: 'Outlook', outlook: 'Business Central' } as const;

describe('F51: a failed port call names its side and what it was doing', () => {
  const reached = new Set<string>();
  const cases = (['bc', 'outlook'] as const).flatMap((side) =>
    PORT_OPERATIONS.map((m) => [side, m] as const),
  );

  test.each(cases)('%s.%s', async (side, method) => {
    const error = await firstFailure(side, method);
    if (error === null) return; // this port has no such method, or no run here calls it
    const operation = String(error.params?.operation);
    reached.add(`${side}.${operation}`);
    expect(error).toMatchObject({
      code: 'readFailed',
      params: { port: side, error: 'unavailable', status: 503 },
    });
    if (operation !== method) expect(['listAll', 'listContacts']).toContain(method);
    for (const lang of LANGS) {
      const text = runErrorText(catalogWords(lang, CODE_CATALOGS[lang] as never), error);
      expect(text.startsWith(SIDE_NAME[side])).toBe(true);
      expect(text).not.toContain(OTHER_NAME[side]);
      expect(text).not.toContain(RAW);
      expect(text).toContain('HTTP 503');
    }
  });

  test('the runs reach the calls a sync makes on both sides (the table can fail)', () => {
    for (const call of [
      'bc.readChanges',
      'bc.findByEmails',
      'bc.create',
      'bc.countriesRegions',
      'outlook.ensureFolder',
      'outlook.folderById',
      'outlook.readChanges',
      'outlook.folderWithChanges',
      'outlook.findByEmails',
      'outlook.create',
      'outlook.update',
      'outlook.delete',
    ])
      expect([call, reached.has(call)]).toEqual([call, true]);
  });

  test('each kind of operation reads differently, in every language', () => {
    for (const lang of LANGS) {
      const words = catalogWords(lang, CODE_CATALOGS[lang] as never);
      const texts = ['readChanges', 'create', 'ensureFolder', 'countriesRegions'].map((operation) =>
        runErrorText(words, {
          side: 'run',
          id: 'r',
          code: 'readFailed',
          params: { error: 'unavailable', port: 'outlook', operation },
        }),
      );
      expect(new Set(texts).size).toBe(4);
    }
  });

  test('a record from before F51 (no port) still reads, naming both sides', () => {
    const old: RunError = {
      side: 'run',
      id: 'r',
      code: 'readFailed',
      params: { error: 'unavailable', status: 503 },
    };
    const words = catalogWords('en', CODE_CATALOGS.en as never);
    expect(runErrorText(words, old)).toBe(
      'Business Central or Outlook: the contacts could not be read: the service was not available (HTTP 503)',
    );
  });
});

describe('onSide', () => {
  test('marks a PortFailure once, passes other errors and values through, keeps `this`', async () => {
    class Port {
      readonly maxBatch = 20;
      private n = 0;
      async count(): Promise<number> {
        return ++this.n;
      }
      async fail(): Promise<never> {
        throw new PortFailure('notFound', RAW, { status: 404 });
      }
      async bug(): Promise<never> {
        throw new TypeError('bug');
      }
    }
    const port = onSide(onSide(new Port(), 'outlook'), 'bc');
    expect(port.maxBatch).toBe(20);
    expect(await port.count()).toBe(1);
    expect(await port.count()).toBe(2);
    const failed = await port.fail().catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(PortFailure);
    // The inner wrapper (the side that made the call) marks it; the outer keeps that mark.
    expect((failed as PortFailure).call).toEqual({ side: 'outlook', operation: 'fail' });
    expect((failed as PortFailure).detail).toEqual({ status: 404 });
    await expect(port.bug()).rejects.toBeInstanceOf(TypeError);
  });
});

describe('F51 in the pane: a run that fails on a read says which side, in six languages', () => {
  test.each(LANGS)('%s', async (lang) => {
    const w = new World();
    w.bc.seed(person(1));
    failOnce(w.mailbox, 'ensureFolder');
    const e = await w.sync('full').catch((x: unknown) => x);
    const text = failureText(paneWords(lang) as never, e, 'ann@contoso.com');
    expect(text.startsWith('Outlook')).toBe(true);
    expect(text).not.toContain('Business Central');
    expect(text).not.toContain(RAW);
  });

  test('the example, in English', async () => {
    const w = new World();
    w.bc.seed(person(1));
    failOnce(w.mailbox, 'ensureFolder');
    const e = await w.sync('full').catch((x: unknown) => x);
    expect(failureText(paneWords('en') as never, e, 'u')).toBe(
      'Outlook: the sync folder could not be found or created: the service was not available (HTTP 503 Http503). Try again in a minute; if it keeps failing, tell your administrator.',
    );
  });
});
