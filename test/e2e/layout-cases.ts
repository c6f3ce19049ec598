import { LANGS } from '../../src/messages/langs.js';
import type { Lang } from '../../src/messages/langs.js';

export type Theme = 'light' | 'dark';

/**
 * The cases of a pane layout table (pane-layout, pane-states-layout): each width with each
 * language once, the themes taking turns, not widths × languages × themes. What fits depends on
 * the width and the language's words; a theme changes colours only (Fluent's colour tokens: the
 * same fonts, sizes and borders), which axe's contrast rules judge and no language changes. So
 * both themes meet every width, and over two widths every language meets both themes: the
 * product ran each case twice for the same layout (24 Chromium pages where 12 judge as much).
 *
 * @internal
 */
export function layoutCases<W>(widths: readonly W[], langs: readonly Lang[] = LANGS): [W, Lang, Theme][] {
  return widths.flatMap((width, w) =>
    langs.map((lang, l): [W, Lang, Theme] => [width, lang, (w + l) % 2 === 0 ? 'light' : 'dark']),
  );
}
