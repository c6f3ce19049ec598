import { describe, expect, test } from '@jest/globals';
import { splitOf, splitText } from '../../bench/suite/client.js';
import type { PortKind } from '../../bench/suite/client.js';

// The bench's wall split (issue 12, delta-bc-1pct): the time no Graph call was out is the ratio's
// excess over the bound; where it falls (before Graph's first call, between calls, after the last
// answer) says which part of the run to look at.

type Call = readonly [number, number, PortKind];

const rows: [string, Call[], [number, number], ReturnType<typeof splitOf>][] = [
  [
    'a delta: lease, read, plan and saves, writes, end',
    [
      [0, 5, 'store'],
      [6, 50, 'graph'],
      [7, 30, 'bc'],
      [31, 60, 'store'],
      [70, 190, 'graph'],
      [192, 200, 'store'],
    ],
    [0, 201],
    {
      graphMs: 164,
      bcMs: 0,
      storeMs: 23,
      noneMs: 14,
      outsideGraph: { beforeMs: 6, betweenMs: 20, afterMs: 11 },
      // The lease, BC's read, the save after it, the write, the end: the first Graph read overlapped.
      path: { graph: 1, bc: 1, store: 3 },
    },
  ],
  [
    'calls outside the run are cut to it',
    [
      [-10, 20, 'graph'],
      [20, 40, 'bc'],
      [40, 120, 'graph'],
    ],
    [0, 100],
    {
      graphMs: 80,
      bcMs: 20,
      storeMs: 0,
      noneMs: 0,
      outsideGraph: { beforeMs: 0, betweenMs: 20, afterMs: 0 },
      path: { graph: 2, bc: 1, store: 0 },
    },
  ],
  [
    'no Graph call: no place outside it',
    [[0, 10, 'store']],
    [0, 12],
    { graphMs: 0, bcMs: 0, storeMs: 10, noneMs: 2, path: { graph: 0, bc: 0, store: 1 } },
  ],
];

describe('splitOf: the run wall time by port, and where the time outside Graph fell', () => {
  test.each(rows)('%s', (_name, calls, [from, to], expected) => {
    const split = splitOf(calls, from, to);
    expect(split).toEqual(expected);
    const o = split.outsideGraph;
    if (o) expect(o.beforeMs + o.betweenMs + o.afterMs + split.graphMs).toBeCloseTo(to - from);
  });

  test('the text names both', () => {
    expect(splitText(splitOf(rows[0]![1], 0, 201))).toBe(
      'graph 0.16 / bc 0.00 / store 0.02 / none 0.01 s; not Graph: before 0.01, between 0.02, after 0.01 s; serial: 1 graph + 1 bc + 3 store calls',
    );
  });
});
