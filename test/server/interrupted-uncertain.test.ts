import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { SigkillWorld } from '../support/sigkill-world.js';
import type { Contact } from '../support/sigkill-world.js';

// F114's rest, with real processes: the CLI (`bc-contact-sync sync`, its own process, the embedded
// store and Graph emulator) is SIGKILLed in the middle of a write batch — after 5 of the Outlook
// creates its Graph $batch carries were acknowledged (counted in the emulator's journal, not in
// time). Its record said 0 uncertain writes: counts were saved only with the lease's checkpoints.
// Each write call's count is now saved before the call goes out, so the interrupted run's record
// says how many writes may have landed; a full sync afterwards leaves both sides equal, each new
// person once on each side.

const NEW = 30;
let world: SigkillWorld;

beforeAll(async () => {
  world = await SigkillWorld.start();
  const first = await world.paneRun('full', () => 'ok');
  expect({ status: first.status, errors: first.errors }).toEqual({ status: 'succeeded', errors: [] });
  await world.findFolder();
});

afterAll(async () => {
  await world?.close();
});

const emailsOf = (contacts: readonly Contact[]) => contacts.map((c) => c.email).filter((e) => e !== '');
const newOnes = (contacts: readonly Contact[]) =>
  emailsOf(contacts)
    .filter((e) => e.endsWith('@killed-mid-batch.example'))
    .sort();

describe('F114: a run SIGKILLed in the middle of a write batch', () => {
  test('its record says how many writes may have landed; a full sync then leaves both sides equal, nothing twice', async () => {
    const wanted: string[] = [];
    for (let n = 0; n < NEW; n++) {
      const email = `person${String(n).padStart(2, '0')}@killed-mid-batch.example`;
      await world.addBc(email, `Made in BC ${n}`);
      wanted.push(email);
    }
    const { killed } = await world.cliRun('delta', 5);
    expect(killed).toBe(true);
    const cli = (await world.runs()).find((r) => r.trigger === 'cli')!;
    // Known at the facade's start: its holder died (issue 9 §4); Outlook holds 5 or more of them.
    expect(cli.status).toBe('interrupted');
    const landed = newOnes(await world.outlookContacts()).length;
    expect(landed).toBeGreaterThanOrEqual(5);
    const uncertain = cli.uncertain?.outlook.created ?? 0;
    // The writes sent and never answered: at least those that landed unanswered.
    expect(uncertain).toBeGreaterThan(0);
    expect(cli.counts.outlook.created + uncertain).toBeGreaterThanOrEqual(landed);
    // Its writes may land until its last checkpoint + the settle (audit 1): the folder is kept
    // till then, not freed by its dead holder; the probe asks at that end, as time passing would.
    expect(await world.leaseFree()).toBe(true);

    const full = await world.paneRun('full', () => 'ok');
    expect({ status: full.status, errors: full.errors, uncertain: full.uncertain }).toEqual({
      status: 'succeeded',
      errors: [],
      uncertain: undefined,
    });
    const [bc, outlook] = await Promise.all([world.bcContacts(), world.outlookContacts()]);
    expect({ bc: newOnes(bc), outlook: newOnes(outlook) }).toEqual({ bc: wanted, outlook: wanted });
    const again = await world.paneRun('delta', () => 'ok');
    expect(again.counts).toEqual({
      bc: { created: 0, updated: 0, deleted: 0 },
      outlook: { created: 0, updated: 0, deleted: 0 },
    });
  });
});
