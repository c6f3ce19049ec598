import { describe, expect, test } from '@jest/globals';
import type { SkipView } from '../../src/taskpane/api/types.js';
import { skipGroups } from '../../src/taskpane/components/SkippedPanel/skip-groups.js';

// newuser finding 6: under "privacy blocked (9)" only 5 contacts came before one contact's nested
// "Other reasons: no e-mail" block; the other 4 followed it and read as skipped for no e-mail. In
// every group, contacts skipped for the group's reason alone come before any with a nested block.

type Reason = { kind: 'privacyBlocked' } | { kind: 'noEmail' } | { kind: 'companyContact' };
const bc = (n: number, reasons: Reason[]): SkipView => ({
  key: `bc:${n}`,
  side: 'bc',
  bcId: `b${n}`,
  bcNumber: `K${n}`,
  outlookId: '',
  displayName: `C${n}`,
  reason: { kind: 'outOfScope', reasons },
});
const text = (r: SkipView['reason']): string => JSON.stringify(r);
const nested = (s: SkipView): boolean =>
  (s.more?.length ?? 0) > 0 || (s.reason.kind === 'outOfScope' && s.reason.reasons.length > 1);

/** Every mix of plain and nested contacts at each position, over the reasons that group together. */
const MIXES: [string, SkipView[]][] = [0, 1, 2, 3, 4].map((at) => [
  `nested contact at ${at} of 5`,
  [0, 1, 2, 3, 4].map((i) =>
    bc(i, i === at ? [{ kind: 'privacyBlocked' }, { kind: 'noEmail' }] : [{ kind: 'privacyBlocked' }]),
  ),
]);

describe('skipped groups: no contact of the group follows a nested block', () => {
  test.each(MIXES)('%s', (_name, skipped) => {
    for (const g of skipGroups(skipped, text)) {
      const first = g.items.findIndex(nested);
      if (first >= 0) expect(g.items.slice(first).every(nested)).toBe(true);
      expect(g.items).toHaveLength(skipped.length);
    }
  });

  test('the example: privacy blocked (9) with Linnea also without e-mail lists Linnea last', () => {
    const names = ['A', 'B', 'C', 'D', 'E', 'Linnea Larsson', 'Lucas Jansen', 'F', 'G'];
    const skipped = names.map((name, i) => ({
      ...bc(
        i,
        name === 'Linnea Larsson'
          ? [{ kind: 'privacyBlocked' }, { kind: 'noEmail' }]
          : [{ kind: 'privacyBlocked' }],
      ),
      displayName: name,
    }));
    const [group] = skipGroups(skipped, text);
    expect(group?.items.map((s) => s.displayName)).toEqual([
      ...names.filter((n) => n !== 'Linnea Larsson'),
      'Linnea Larsson',
    ]);
  });
});
