/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { screen } from '@testing-library/react';
import type { SkipView } from '../../src/taskpane/api/types.js';
import { LANGS } from '../../src/messages/langs.js';
import { SkippedPanel } from '../../src/taskpane/components/SkippedPanel/index.js';
import { outlookSkip, renderPane } from './harness.js';

// newuser finding 6: the settings said "56 out of scope" (BC contacts) while the list said 57 (one
// Outlook contact without an address too), and nothing said why. A list with both sides says how
// many of each, in every language; a list of one side needs no such line.

const bc = (n: number): SkipView => ({
  key: `bc:${n}`,
  side: 'bc',
  bcId: `b${n}`,
  bcNumber: `K${n}`,
  outlookId: '',
  displayName: `C${n}`,
  reason: { kind: 'outOfScope', reasons: [{ kind: 'privacyBlocked' }] },
});
const SHAPES: [string, SkipView[], [number, number] | null][] = [
  [
    '56 BC and 1 Outlook',
    [...Array.from({ length: 56 }, (_, i) => bc(i)), outlookSkip('No Address')],
    [56, 1],
  ],
  ['BC only', [bc(1), bc(2)], null],
  ['Outlook only', [outlookSkip('No Address')], null],
];

describe('the skipped list says its count per side when both are listed', () => {
  describe.each(LANGS)('%s', (lang) => {
    test.each(SHAPES)('%s', (_name, skipped, sides) => {
      renderPane(<SkippedPanel skipped={skipped} />, { lang });
      const line = screen.queryByTestId('skipped-sides')?.textContent ?? null;
      if (!sides) return expect(line).toBeNull();
      expect(line).toMatch(new RegExp(`\\b${sides[0]}\\b.*\\b${sides[1]}\\b`));
    });
  });
});
