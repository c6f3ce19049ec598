/**
 * Layout measured in the page (not pixels): elements wider than the viewport, and text cut off
 * (overflow hidden/clip or an ellipsis) with no title to read it in full. Runs inside Chromium.
 */
export interface LayoutReport {
  readonly viewport: number;
  readonly documentWidth: number;
  readonly wide: string[];
  readonly clipped: string[];
}

/** Passed to `page.evaluate`: self-contained, no closure. */
export function probeLayout(): LayoutReport {
  const viewport = document.documentElement.clientWidth;
  const describe = (el: Element): string => {
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 50);
    const cls = typeof el.className === 'string' ? el.className.split(' ')[0] : '';
    return `${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''} "${text}"`;
  };
  const wide: string[] = [];
  const clipped: string[] = [];
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
  }
  return { viewport, documentWidth: document.documentElement.scrollWidth, wide, clipped };
}
