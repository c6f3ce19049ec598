/** @jest-environment jsdom */
/**
 * Issue 12 (the pane's first render): the pane's first frame, painted in plain DOM before the
 * pane's modules run (src/taskpane/shell.ts, boot.ts). Its word is each catalog's own, it is
 * painted once, React's first commit replaces it, and the pane goes on only after its paint.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { LANGS } from '../../src/messages/langs.js';
import { SHELL_WORDS, afterNextPaint, paintShell, paneLang } from '../../src/taskpane/shell.js';
import { MESSAGES } from '../messages/catalogs.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  document.body.innerHTML = '';
});

function pageWithRoot(): HTMLElement {
  document.body.innerHTML = '<div id="root"></div>';
  return document.getElementById('root') as HTMLElement;
}

describe("the pane's first frame (issue 12)", () => {
  test('says "Loading…" as every language\u2019s catalog says it', () => {
    for (const lang of LANGS) expect([lang, SHELL_WORDS[lang]]).toEqual([lang, MESSAGES[lang].loading]);
  });

  test('is painted into the empty #root in the language and theme given, as a status, once', () => {
    const root = pageWithRoot();
    expect(paintShell(document, 'sv', true)).toBe(true);
    const shell = root.firstElementChild as HTMLElement;
    expect(shell.getAttribute('role')).toBe('status');
    expect(shell.lang).toBe('sv');
    expect(shell.className).toBe('pane-shell pane-shell-dark');
    expect(shell.textContent).toBe('Läser in…');
    // A start retried after an unreachable server (index.tsx) paints nothing more.
    expect(paintShell(document, 'sv', true)).toBe(false);
    expect(root.childNodes).toHaveLength(1);
    expect(paintShell(document, 'en', false)).toBe(false);
    expect(root.textContent).toBe('Läser in…');
  });

  test('is not painted over what #root holds, nor on a page without #root', () => {
    const root = pageWithRoot();
    root.innerHTML = '<p>the pane</p>';
    expect(paintShell(document, 'fi', false)).toBe(false);
    expect(root.innerHTML).toBe('<p>the pane</p>');
    document.body.innerHTML = '';
    expect(paintShell(document, 'fi', false)).toBe(false);
  });

  test("is replaced by React's first commit: the pane alone in #root", () => {
    const root = pageWithRoot();
    paintShell(document, 'fi', false);
    const reactRoot = createRoot(root);
    act(() => reactRoot.render(<p>the pane</p>));
    expect(root.innerHTML).toBe('<p>the pane</p>');
    act(() => reactRoot.unmount());
  });

  test('its language is ?lang=, else the host\u2019s, else the browser\u2019s (the pane\u2019s rule)', () => {
    expect(paneLang('fi', 'sv-SE', 'nl-NL')).toBe('fi');
    expect(paneLang(null, 'sv-SE', 'nl-NL')).toBe('sv');
    expect(paneLang(null, null, 'nl-NL')).toBe('nl');
    expect(paneLang(null, null, 'de-DE')).toBe('en');
  });
});

/** A window whose animation frames and timers run when the test says. */
function steppedWindow() {
  const frames: (() => void)[] = [];
  const timers = new Map<number, { run: () => void; ms: number }>();
  let next = 1;
  const win = {
    requestAnimationFrame: (cb: () => void) => frames.push(cb),
    setTimeout: (run: () => void, ms: number) => {
      timers.set(next, { run, ms });
      return next++;
    },
    clearTimeout: (id: number) => void timers.delete(id),
  } as unknown as Window;
  const fire = (ms: number): void => {
    for (const [id, t] of [...timers]) if (t.ms === ms && timers.delete(id)) t.run();
  };
  return { win, frames, timers, fire };
}

describe('afterNextPaint (issue 12)', () => {
  test('goes on in a task after the next frame (its paint follows the frame callbacks), once', () => {
    const { win, frames, timers, fire } = steppedWindow();
    let started = 0;
    afterNextPaint(win, () => started++);
    fire(0);
    expect(started).toBe(0);
    // The frame's callbacks run, then the paint: the pane starts in the task after.
    frames.shift()?.();
    expect(started).toBe(0);
    fire(0);
    expect(started).toBe(1);
    // The fallback was cleared: nothing starts the pane twice.
    expect(timers.size).toBe(0);
  });

  test('a page not rendered (hidden: no frames) goes on after the fallback, once', () => {
    const { win, frames, fire } = steppedWindow();
    let started = 0;
    afterNextPaint(win, () => started++, 100);
    fire(100);
    expect(started).toBe(1);
    // A frame that comes after all starts nothing more.
    frames.shift()?.();
    fire(0);
    expect(started).toBe(1);
  });
});
