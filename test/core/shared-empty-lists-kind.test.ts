import { describe, expect, test } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NOTHING, only } from '../../src/core/pair-outcome.js';
import type { PlanItem } from '../../src/core/plan.js';
import { storedOutlookOwn } from '../../src/core/stored-values.js';
import { haveSameMap } from '../support/same-map.js';

// Review of 6f1d865 (shared empty lists of the read lists' hidden class): the commit replaced four
// frozen shared empty lists and says its table holds one row per shared empty list of the planner's
// hot paths, but seven more frozen ones stay on the planner's path, read beside lists made or read
// at the same places (a link's remembered Outlook-only values, every decision's items and skips).

const ROOT = fileURLToPath(new URL('../../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('shared empty lists, every place of the kind (review of 6f1d865)', () => {
  // The places the planner's contacts, links and decisions come from: one frozen empty list among
  // them is a class of its own beside the lists made or read there (empty-list.ts).
  const places = sources(join(ROOT, 'core'))
    .concat(sources(join(ROOT, 'graph')))
    .flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          // Code, not the comments that say why not.
          /^\s*(\*|\/\/)/.test(line) || !/Object\.freeze\(\s*\[\s*\]\s*\)/.test(line)
            ? []
            : [`${relative(ROOT, file)}:${i + 1}`],
        ),
    );

  test('no shared empty list in src/core or src/graph is a frozen array', () => {
    expect(places).toEqual([]);
  });

  test.each([
    [
      "a link's remembered Outlook-only e-mails: none, beside some",
      () => storedOutlookOwn(JSON.parse('{"emails":[],"phones":[]}'))?.emails,
      () => storedOutlookOwn(JSON.parse('{"emails":["a@x.com"],"phones":[]}'))?.emails,
    ],
    [
      "a link's remembered Outlook-only phones: none, beside some",
      () => storedOutlookOwn(JSON.parse('{"emails":[],"phones":[]}'))?.phones,
      () => storedOutlookOwn(JSON.parse('{"emails":[],"phones":["+1"]}'))?.phones,
    ],
    [
      "a decision's items: nothing to do, beside one write",
      () => NOTHING.items,
      () => only({ kind: 'deleteInOutlook' } as PlanItem).items,
    ],
  ] as const)('%s: the same hidden class', (_name, empty, held) => {
    const e = empty() as readonly unknown[];
    const h = held() as readonly unknown[];
    expect([e.length, h.length > 0]).toEqual([0, true]);
    expect(haveSameMap(e, h)).toBe(true);
  });
});
