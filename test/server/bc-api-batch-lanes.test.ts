import { describe, expect, test } from '@jest/globals';
import { OPERATIONS_IN_FLIGHT, laneOf, runInLanes } from '../../src/server/bc-api/batch-lanes.js';
import type { OperationLane } from '../../src/server/bc-api/batch-lanes.js';

// issue 12 §2: a $batch's operations on different contacts run together; everything an operation
// could see of another (the same contact, a collection, the country table) keeps the batch's order.
const C = '/companies(5d115c9c-44e3-ea11-bb43-000d3a2feca1)';
const X = 'AAAAAAAA-0000-0000-0000-000000000001';
const Y = 'aaaaaaaa-0000-0000-0000-000000000002';

describe('laneOf: which operations may run beside others', () => {
  test.each<[string, string, OperationLane]>([
    ['PATCH', `${C}/contacts(${X})`, { kind: 'on', key: `${C}/contacts(${X})`.toLowerCase() }],
    [
      'GET',
      `${C}/contacts(${X.toLowerCase()})?$select=id`,
      { kind: 'on', key: `${C}/contacts(${X})`.toLowerCase() },
    ],
    ['DELETE', `${C}/contacts(${Y})`, { kind: 'on', key: `${C}/contacts(${Y})`.toLowerCase() }],
    ['POST', `${C}/contacts`, { kind: 'on', key: `${C}/contacts`.toLowerCase() }],
    ['GET', `${C}/contacts`, { kind: 'alone' }],
    ['GET', `${C}/contacts?$filter=email eq 'a@b.c'`, { kind: 'alone' }],
    ['GET', `${C}/contacts?$deltatoken=x`, { kind: 'alone' }],
    ['POST', `${C}/countriesRegions`, { kind: 'alone' }],
    ['PATCH', `${C}/countriesRegions('DE')`, { kind: 'alone' }],
    ['GET', '/companies', { kind: 'alone' }],
    ['PATCH', C, { kind: 'alone' }],
    // A key in another text the routes take for the same entity runs alone (see the property below).
    ['GET', `${C}/contacts('${X}')`, { kind: 'alone' }],
    ['PATCH', `/companies('5d115c9c-44e3-ea11-bb43-000d3a2feca1')/contacts(${X})`, { kind: 'alone' }],
    ['DELETE', `${C}/contacts(%41AAAAAAA-0000-0000-0000-000000000001)`, { kind: 'alone' }],
    ['POST', `/companies('5d115c9c-44e3-ea11-bb43-000d3a2feca1')/contacts`, { kind: 'alone' }],
  ])('%s %s', (method, path, lane) => {
    expect(laneOf(method, path)).toEqual(lane);
  });

  // Every text of one company's and one contact's keys the routes accept (route-kit.ts `key`: bare
  // or quoted, any case, and the router's percent-decoding): two operations on that contact are
  // never put in two different lanes, whatever text each names it by — else they run together and
  // a read may not see the write before it in the batch (review: PATCH contacts(X), then GET
  // contacts('X') in one batch answered the value before the PATCH).
  test('every text of one contact is in one lane or runs alone', () => {
    const company = '5d115c9c-44e3-ea11-bb43-000d3a2feca1';
    const forms = (guid: string) => [
      guid,
      guid.toUpperCase(),
      `'${guid}'`,
      `'${guid.toUpperCase()}'`,
      `%27${guid}%27`,
      encodeURIComponent(guid).replace(/^./, (c) => `%${c.charCodeAt(0).toString(16)}`),
    ];
    const paths = forms(company).flatMap((c) =>
      forms(X.toLowerCase()).flatMap((x) => [
        `/companies(${c})/contacts(${x})`,
        `/companies(${c})/contacts(${x})?$select=id`,
      ]),
    );
    const keys = new Set<string>();
    for (const method of ['GET', 'PATCH', 'DELETE'])
      for (const path of paths) {
        const lane = laneOf(method, path);
        if (lane.kind === 'on') keys.add(lane.key);
      }
    expect([...keys]).toEqual([`${C}/contacts(${X})`.toLowerCase()]);
    const creates = new Set<string>();
    for (const c of forms(company)) {
      const lane = laneOf('POST', `/companies(${c})/contacts`);
      if (lane.kind === 'on') creates.add(lane.key);
    }
    expect([...creates]).toEqual([`${C}/contacts`.toLowerCase()]);
  });
});

/** Runs `lanes` with every operation held until the test lets it end; the order things happen in. */
function harness(lanes: readonly OperationLane[]) {
  const log: string[] = [];
  const gates = new Map<number, () => void>();
  const done = runInLanes(lanes, OPERATIONS_IN_FLIGHT, async (i) => {
    log.push(`start ${i}`);
    await new Promise<void>((resolve) => gates.set(i, resolve));
    log.push(`end ${i}`);
    return i * 10;
  });
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  const finish = async (i: number) => {
    gates.get(i)!();
    gates.delete(i);
    await settle();
  };
  return { log, done, settle, finish, running: () => [...gates.keys()].sort((a, b) => a - b) };
}

const on = (key: string): OperationLane => ({ kind: 'on', key });
const alone: OperationLane = { kind: 'alone' };

describe('runInLanes', () => {
  // Each step: the operations let end (none at the start), then the ones running; last, the one
  // that ends the batch, whose answers come in the batch's order.
  test.each<[string, OperationLane[], [number[], number[]][], number]>([
    [
      'operations on different contacts run together, at most OPERATIONS_IN_FLIGHT at once; answers in order',
      ['a', 'b', 'c', 'd', 'e', 'f'].map(on),
      [
        [[], [0, 1, 2, 3]],
        [[2], [0, 1, 3, 4]],
        [[0, 1, 3, 4], [5]],
      ],
      5,
    ],
    [
      'operations on one contact keep the batch order',
      [on('x'), on('y'), on('x')],
      [
        [[], [0, 1]],
        [[1], [0]],
        [[0], [2]],
      ],
      2,
    ],
    [
      'an operation alone waits for all before it and holds back all after it',
      [on('x'), on('y'), alone, on('z')],
      [
        [[], [0, 1]],
        [[0], [1]],
        [[1], [2]],
        [[2], [3]],
      ],
      3,
    ],
  ])('%s', async (_name, lanes, steps, last) => {
    const h = harness(lanes);
    await h.settle();
    for (const [ended, running] of steps) {
      for (const i of ended) await h.finish(i);
      expect(h.running()).toEqual(running);
    }
    await h.finish(last);
    expect(await h.done).toEqual(lanes.map((_, i) => i * 10));
  });

  test('a throw starts nothing after it, awaits the ones out, and is thrown', async () => {
    const started: number[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const run = runInLanes([on('a'), on('b'), alone, on('c')], 4, async (i) => {
      started.push(i);
      if (i === 1) throw new Error('boom');
      await held;
      return i;
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    release();
    await expect(run).rejects.toThrow('boom');
    expect(started).toEqual([0, 1]);
  });
});
