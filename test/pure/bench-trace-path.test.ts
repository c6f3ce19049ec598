import { describe, expect, test } from '@jest/globals';
import { compareShapes, criticalPath, measuredRun, shapeOf } from '../../bench/suite/trace-path.js';
import type { TracedCall } from '../../bench/suite/trace-path.js';

// The bench's trace reader (issue 12, delta-outlook-1pct 1.58 -> 1.90): on a loaded machine the
// wall time of one build moves by 2x, the calls and their chain do not; two builds' runs compare by
// which calls they made and which of them the run's end waited on.

const call = (start: number, end: number, what: string): TracedCall => ({ start, end, what });

describe('measuredRun', () => {
  const log = [
    'Emulator on loopback …',
    '@0 cpu 0.1 store.openRun 3.0 ms',
    'run 90.0 ms',
    '@0 cpu 0.2 store.openRun 5.5 ms',
    '@7 cpu 3.3 progress reading 0/2',
    '@8 cpu 4.0 graph POST /v1.0/$batch 48.7 ms [1× GET /users/u/contactFolders?…]',
    '@5 cpu 2.6 bc GET /api/v2.0/companies({id})/contacts?$deltatoken=… 6.8 ms ',
    'run 70.0 ms',
    '| table |',
  ].join('\n');

  test.each<[string, string, TracedCall[]]>([
    ['no run in the log', 'nothing traced', []],
    [
      'one run: every call before its end',
      '@1 cpu 0 store.endRun 2.5 ms\nrun 4 ms',
      [call(1, 3.5, 'store.endRun')],
    ],
    [
      'the last of two runs, by start, progress left out, items kept',
      log,
      [
        call(0, 5.5, 'store.openRun'),
        call(5, 11.8, 'bc GET /api/v2.0/companies({id})/contacts?$deltatoken=…'),
        call(8, 56.7, 'graph POST /v1.0/$batch [1× GET /users/u/contactFolders?…]'),
      ],
    ],
  ])('%s', (_name, text, expected) => {
    const got = measuredRun(text);
    expect(got.map((c) => c.what)).toEqual(expected.map((c) => c.what));
    got.forEach((c, i) => {
      expect(c.start).toBeCloseTo((expected[i] as TracedCall).start, 5);
      expect(c.end).toBeCloseTo((expected[i] as TracedCall).end, 5);
    });
  });
});

describe('shapeOf', () => {
  test.each([
    ['delta token', 'bc GET /contacts?$deltatoken=abc123', 'bc GET /contacts?$deltatoken=…'],
    ['skip token', 'graph GET /delta?$skiptoken=WyJv&x=1', 'graph GET /delta?$skiptoken=…&x=1'],
    [
      'ids in a filter',
      'bc GET /contacts?%24filter=id%20eq%20a23cbde1-65a6-49e6-a1bd-f37a109b2fe5',
      'bc GET /contacts?%24filter=id%20eq%20{id}',
    ],
    [
      'quoted addresses',
      'bc GET /contacts?%24filter=email%20eq%20%27olnew-s2-1%40fabrikam.test%27',
      'bc GET /contacts?%24filter=email%20eq%20%27…%27',
    ],
    ['a store call as it is', 'store.addPendingCreates', 'store.addPendingCreates'],
  ])('%s', (_name, what, shape) => expect(shapeOf(what)).toBe(shape));
});

describe('compareShapes', () => {
  test.each<[string, string[], string[], { added: string[]; gone: string[] }]>([
    ['same calls in another order', ['store.a', 'bc X'], ['bc X', 'store.a'], { added: [], gone: [] }],
    ['a call added', ['store.a'], ['store.a', 'store.a', 'bc X'], { added: ['store.a', 'bc X'], gone: [] }],
    ['a call gone', ['store.a', 'bc X'], ['bc X'], { added: [], gone: ['store.a'] }],
    [
      'ids and tokens differ only',
      ['bc GET /c?$deltatoken=1'],
      ['bc GET /c?$deltatoken=2'],
      { added: [], gone: [] },
    ],
  ])('%s', (_name, a, b, expected) => {
    const of = (w: string[]) => w.map((what, i) => call(i, i + 1, what));
    expect(compareShapes(of(a), of(b))).toEqual(expected);
  });
});

describe('criticalPath', () => {
  // delta-outlook-1pct's shape: reads beside each other, then BC's create before Graph's stamps.
  const run = [
    call(0, 5, 'store.openRun'),
    call(7, 30, 'store.listConflicts'),
    call(12, 33, 'bc delta'),
    call(13, 62, 'graph batch'),
    call(65, 86, 'store.findLinks'),
    call(67, 108, 'graph list'),
    call(110, 125, 'bc createdIds'),
    call(127, 133.7, 'store.addPendingCreates'),
    call(134, 175, 'bc creates'),
    call(177, 202, 'store.upsertLinks'),
    call(179, 267, 'graph stamps'),
    call(269, 280, 'store.endRun'),
  ];
  test.each<[string, TracedCall[], [string, number][]]>([
    ['no calls', [], []],
    ['one call: its start is the gap', [call(3, 9, 'x')], [['x', 3]]],
    [
      'the chain the end waited on, overlapped calls left out',
      run,
      [
        ['store.openRun', 0],
        ['graph batch', 8],
        ['graph list', 5],
        ['bc createdIds', 2],
        ['store.addPendingCreates', 2],
        ['bc creates', 0.3],
        ['graph stamps', 4],
        ['store.endRun', 2],
      ],
    ],
    [
      'a predecessor ending within the 1 ms rounding of the start',
      [call(0, 10.8, 'a'), call(10, 20, 'b'), call(0, 4, 'c')],
      [
        ['a', 0],
        ['b', 0],
      ],
    ],
  ])('%s', (_name, calls, expected) => {
    const got = criticalPath(calls).map((s) => [s.call.what, s.gapMs] as const);
    expect(got.map(([w]) => w)).toEqual(expected.map(([w]) => w));
    got.forEach(([, gap], i) => expect(gap).toBeCloseTo((expected[i] as [string, number])[1], 5));
  });
});
