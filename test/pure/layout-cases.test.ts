import { describe, expect, test } from '@jest/globals';
import { LANGS } from '../../src/messages/langs.js';
import { layoutCases } from '../e2e/layout-cases.js';

describe('layoutCases: every width with every language once, both themes at every width', () => {
  test.each([[[320, 800]], [[320]], [[320, 340, 800]]])('widths %j', (widths) => {
    const cases = layoutCases(widths);
    const key = (c: readonly unknown[]) => c.slice(0, 2).join(' ');
    expect(cases.map(key).sort()).toEqual(widths.flatMap((w) => LANGS.map((l) => `${w} ${l}`)).sort());
    for (const w of widths)
      expect(new Set(cases.filter((c) => c[0] === w).map((c) => c[2]))).toEqual(new Set(['light', 'dark']));
    // Over two widths or more, every language is seen in both themes.
    if (widths.length >= 2)
      for (const l of LANGS)
        expect(new Set(cases.filter((c) => c[1] === l).map((c) => c[2]))).toEqual(new Set(['light', 'dark']));
  });

  test('the two layout tables: 12 and 6 pages, not 24 and 12', () => {
    expect(layoutCases([320, 800])).toHaveLength(12);
    expect(layoutCases([320])).toHaveLength(6);
  });
});
