/**
 * Layout measured in the page (not pixels), inside Chromium:
 * - `wide`: elements wider than the viewport;
 * - `clipped`: text cut off (overflow hidden/clip or an ellipsis) with no title to read it in full;
 * - `pastSection`: an element or a run of text that reaches past the box it belongs to (a table
 *   cell, list item, group, card, panel, header): two columns' headers colliding, a badge sticking out
 *   of its cell — inside the viewport, so `wide` misses it;
 * - `split`: a word broken across lines although it fits on a line of its own ("Garde|r",
 *   "schwarzen|berger"): the word's width compared with its line box's width.
 */
export interface LayoutReport {
  readonly viewport: number;
  readonly documentWidth: number;
  readonly wide: string[];
  readonly clipped: string[];
  readonly pastSection: string[];
  readonly split: string[];
}

/** The boxes a piece of the pane belongs to and must stay inside. */
export const SECTION_SELECTOR = [
  'header',
  'section',
  'li',
  'td',
  'th',
  'fieldset',
  '[role="group"]',
  '[role="dialog"]',
  '[role="listitem"]',
  '.fui-AccordionItem',
  '.fui-MessageBar',
].join(', ');

/** Passed to `page.evaluate` with SECTION_SELECTOR: self-contained, no closure. */
export function probeLayout(sectionSelector: string): LayoutReport {
  const viewport = document.documentElement.clientWidth;
  const describe = (el: Element): string => {
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 50);
    const cls = typeof el.className === 'string' ? el.className.split(' ')[0] : '';
    return `${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''} "${text}"`;
  };
  // Content inside a scrolling or clipping box is read by scrolling or through `clipped`: the box, not
  // its content, must stay inside the section.
  const contained = (el: Element, section: Element): boolean => {
    for (let a = el.parentElement; a && a !== section; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible') return true;
    }
    return false;
  };
  const past = (r: DOMRect, box: DOMRect): boolean => r.left < box.left - 0.5 || r.right > box.right + 0.5;
  const wide: string[] = [];
  const clipped: string[] = [];
  const pastSection: string[] = [];
  const split: string[] = [];
  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    // Text for screen readers only is clipped to a pixel on purpose.
    if (r.width <= 1 || r.height <= 1) continue;
    if (r.right > viewport + 0.5 || r.left < -0.5)
      wide.push(`${describe(el)} ${Math.round(r.left)}..${Math.round(r.right)} px`);
    const hides =
      style.overflowX === 'hidden' || style.overflowX === 'clip' || style.textOverflow === 'ellipsis';
    // A text field scrolls its own value (caret, arrow keys): a long value typed there is readable.
    const field = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;
    if (hides && !field && el.scrollWidth > el.clientWidth + 1 && !el.closest('[title]'))
      clipped.push(describe(el));
    const section = el.parentElement?.closest(sectionSelector);
    if (section && !contained(el, section) && past(r, section.getBoundingClientRect()))
      pastSection.push(`${describe(el)} past ${describe(section)}`);
  }

  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue ?? '';
    const parent = node.parentElement;
    if (!parent || text.trim() === '') continue;
    let block: Element = parent;
    while (block.parentElement && /^(inline|contents)/.test(getComputedStyle(block).display))
      block = block.parentElement;
    const blockBox = block.getBoundingClientRect();
    if (blockBox.width <= 1 || blockBox.height <= 1) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const section = parent.closest(sectionSelector);
    if (section && !contained(parent, section)) {
      const box = section.getBoundingClientRect();
      if (Array.from(range.getClientRects()).some((t) => t.width > 0 && past(t, box)))
        pastSection.push(`text "${text.trim().slice(0, 50)}" past ${describe(section)}`);
    }
    const s = getComputedStyle(block);
    const line = block.clientWidth - (parseFloat(s.paddingLeft) || 0) - (parseFloat(s.paddingRight) || 0);
    for (const m of text.matchAll(/[\p{L}\p{M}\p{N}]{2,}/gu)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const parts = Array.from(range.getClientRects()).filter((t) => t.width > 0);
      const first = parts[0];
      const last = parts[parts.length - 1];
      if (!first || !last || last.top - first.top < first.height / 2) continue;
      const width = parts.reduce((sum, t) => sum + t.width, 0);
      if (width <= line + 0.5)
        split.push(`"${m[0]}" split in ${describe(block)} (${Math.round(width)} of ${Math.round(line)} px)`);
    }
  }
  return { viewport, documentWidth: document.documentElement.scrollWidth, wide, clipped, pastSection, split };
}
