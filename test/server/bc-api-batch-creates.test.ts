import { describe, expect, jest, test } from '@jest/globals';
import { batchAnswers, withFacade } from '../bc/harness.js';
import { pollUntil } from '../support/poll.js';
import type { Facade } from '../bc/harness.js';
import { CreateGather, GATHERED_MAX, createRuns } from '../../src/server/bc-api/batch-creates.js';
import type { BcSource } from '../../src/server/bc-api/bc-source.js';
import type { BcContact } from '../../src/core/model.js';
import type { OperationLane } from '../../src/server/bc-api/batch-lanes.js';

// issue 12 (delta-outlook-1pct at 10,000): a $batch's creates in one collection ran one after
// another, a statement each; now they are made in one statement, still numbered and answered in
// the batch's order, each refused on its own.

let f: Facade;
withFacade((facade) => {
  f = facade;
});

const batch = (requests: unknown[]) => batchAnswers(f, requests);

const create = (id: string, body: object) => ({
  id,
  method: 'POST',
  url: `companies(${f.company.id})/contacts`,
  headers: { 'content-type': 'application/json' },
  body: { type: 'Person', ...body },
});

describe('a $batch of creates in one collection', () => {
  test('goes to the database in one insert; numbered in the batch order; an invalid one refused in its row', async () => {
    const query = jest.spyOn(f.db, 'query');
    const answers = await batch([
      create('1', { displayName: 'Gathered 1', email: 'g1@example.com' }),
      create('2', { displayName: 'Gathered 2', email: 'not an address' }),
      create('3', { displayName: 'Gathered 3', email: 'g3@example.com' }),
      create('4', { displayName: 'Gathered 4', email: 'g4@example.com' }),
      create('5', { displayName: 'Gathered 5', email: 'g5@example.com' }),
    ]);
    const inserts = query.mock.calls.filter(([sql]) => /INSERT INTO bc_contacts/.test(sql)).length;
    query.mockRestore();
    expect(answers.map((a) => [a.id, a.status])).toEqual([
      ['1', 201],
      ['2', 400],
      ['3', 201],
      ['4', 201],
      ['5', 201],
    ]);
    expect(inserts).toBe(1);
    const made = answers.filter((a) => a.status === 201).map((a) => a.body!);
    expect(made.map((c) => c.displayName)).toEqual(['Gathered 1', 'Gathered 3', 'Gathered 4', 'Gathered 5']);
    const numbers = made.map((c) => c.number!);
    expect([...numbers].sort()).toEqual(numbers);
    expect(new Set(numbers).size).toBe(4);
  });

  test('an operation between creates keeps them apart: each side made in its own insert, in order', async () => {
    const query = jest.spyOn(f.db, 'query');
    const answers = await batch([
      create('a', { displayName: 'Apart 1' }),
      create('b', { displayName: 'Apart 2' }),
      { id: 'list', method: 'GET', url: `companies(${f.company.id})/contacts?$top=1` },
      create('c', { displayName: 'Apart 3' }),
      create('d', { displayName: 'Apart 4' }),
    ]);
    const inserts = query.mock.calls.filter(([sql]) => /INSERT INTO bc_contacts/.test(sql)).length;
    query.mockRestore();
    expect(answers.map((a) => a.status)).toEqual([201, 201, 200, 201, 201]);
    expect(inserts).toBe(2);
    const numbers = answers.filter((a) => a.status === 201).map((a) => a.body!.number!);
    expect([...numbers].sort()).toEqual(numbers);
  });
});

describe('createRuns', () => {
  const on = (key: string): OperationLane => ({ kind: 'on', key });
  const C = '/companies(c)/contacts';
  test('consecutive creates of one collection, two or more, cut at GATHERED_MAX', () => {
    const lanes = [on(C), on(C), on(`${C}(x)`), on(C), on('/companies(d)/contacts'), on(C), on(C)];
    const methods = ['POST', 'POST', 'PATCH', 'POST', 'POST', 'POST', 'POST'];
    expect(createRuns(methods, lanes)).toEqual([
      [0, 1],
      [5, 6],
    ]);
    const many = Array.from({ length: GATHERED_MAX + 3 }, () => on(C));
    const runs = createRuns(
      many.map(() => 'POST'),
      many,
    );
    expect(runs.map((r) => r.length)).toEqual([GATHERED_MAX, 3]);
  });
});

describe('CreateGather', () => {
  const contact = (name: string) => ({ id: name, displayName: name }) as unknown as BcContact;
  const body = (name: string) => ({ displayName: name });

  test('waits for every operation of its run, then makes the handed creates in one call, in index order', async () => {
    const calls: string[][] = [];
    const source = {
      createContact: async () => {
        throw new Error('not one by one');
      },
      createContacts: async (_c: string, list: readonly { body: { displayName?: string } }[]) => {
        calls.push(list.map((l) => l.body.displayName ?? ''));
        return list.map((l) =>
          l.body.displayName === 'bad'
            ? ({ status: 'rejected', reason: new Error('refused') } as const)
            : ({ status: 'fulfilled', value: contact(l.body.displayName ?? '') } as const),
        );
      },
    } as unknown as BcSource;
    const gather = new CreateGather([0, 1, 2, 3]);
    const third = gather.create(2, source, 'c', body('third'), null);
    const first = gather.create(0, source, 'c', body('first'), null);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(calls).toEqual([]);
    const bad = gather.create(3, source, 'c', body('bad'), null);
    bad.catch(() => undefined);
    expect(calls).toEqual([]);
    // Operation 1 ended without a create (refused before it): nothing more to wait for.
    gather.ended(1);
    await expect(first).resolves.toMatchObject({ displayName: 'first' });
    await expect(third).resolves.toMatchObject({ displayName: 'third' });
    await expect(bad).rejects.toThrow('refused');
    expect(calls).toEqual([['first', 'third', 'bad']]);
  });

  test('a source without batched creates makes them one after another, in index order', async () => {
    const order: string[] = [];
    const source = {
      createContact: async (_c: string, b: { displayName?: string }) => {
        order.push(b.displayName ?? '');
        return contact(b.displayName ?? '');
      },
    } as unknown as BcSource;
    const gather = new CreateGather([4, 7]);
    const later = gather.create(7, source, 'c', body('later'), null);
    const earlier = gather.create(4, source, 'c', body('earlier'), null);
    await Promise.all([later, earlier]);
    expect(order).toEqual(['earlier', 'later']);
  });
});

describe('a run of creates whose batch fails part-way', () => {
  test('the envelope answers only once every create of the run started together has ended', async () => {
    const inject = f.app.inject.bind(f.app);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let heldStarted = false;
    // The run's first operation ('b') fails inside the facade (its in-process request throws), so
    // the lanes start no more; 'a' and 'c' started with it, 'c' held on its way.
    const spy = jest.spyOn(f.app, 'inject').mockImplementation(((opts: { payload?: string }) => {
      const payload = typeof opts.payload === 'string' ? opts.payload : '';
      if (payload.includes('Fails B')) return Promise.reject(new Error('in-process failure'));
      if (payload.includes('Held C')) {
        heldStarted = true;
        return held.then(() => inject(opts as never));
      }
      return inject(opts as never);
    }) as never);
    let answered = false;
    const envelope = inject({
      method: 'POST',
      url: '/api/v2.0/$batch',
      headers: { authorization: f.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({
        requests: [
          create('b', { displayName: 'Fails B' }),
          create('a', { displayName: 'Fine A' }),
          create('c', { displayName: 'Held C' }),
        ],
      }),
    }).then((res) => {
      answered = true;
      return res;
    });
    await pollUntil('the held create on its way', () => (heldStarted ? true : undefined));
    // The failure is known by now; an envelope that did not wait would answer within these turns.
    for (let i = 0; i < 200 && !answered; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    release();
    const res = await envelope;
    spy.mockRestore();
    expect(res.statusCode).toBe(500);
  });
});
