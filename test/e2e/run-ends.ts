/**
 * A sync's end as the pane shows it, for e2e files that click Sync and wait for what follows: a
 * result, a failure, or a refusal (busy, or the folder kept while a killed run's writes may land).
 *
 * An end is any alert or heading added to the Sync section ("Synchronize contacts"), whatever its
 * words. Before, pane-sigkill listed three English openings ("Result: ", "The sync failed", "A sync
 * is already running") and missed the fourth, the kept folder's refusal ("The last sync of this
 * folder was stopped … the next sync can start at …", ab041e9): a click that the pane answered at
 * once with until when was waited on for 120 s and failed CI as "no run end".
 */
import type { Page } from 'playwright-core';
import en from '../../src/taskpane/i18n/catalogs/en.js';
import { createTurnWaitMs, writeSettleMs } from '../../src/core/lease.js';
import { DEFAULT_TIMEOUTS } from '../../src/platform/deadline.js';

/**
 * The pane's write settle (pane-engine.ts PANE_WRITE_SETTLE_MS, from the same timeouts): every call
 * the pane's run sent has answered or timed out by then, and the facade keeps a folder the pane let
 * go of mid-write this long at the default timeouts (state-helpers.ts paneWriteSettleMs).
 */
export const PANE_SETTLE_MS = writeSettleMs([
  DEFAULT_TIMEOUTS.graphMs,
  DEFAULT_TIMEOUTS.bcMs,
  DEFAULT_TIMEOUTS.stateMs,
]);

/**
 * A run's own work in these tests (the demo's ~150 contacts, full sync, Chromium and the server
 * on one loaded 2-core machine): 7-12 s measured at load 11-15; five times the worst of that.
 */
const RUN_WORK_MS = 60_000;

/**
 * The designed bound of one click's end: its run may wait in line for the company's create turn
 * (createTurnWaitMs of the pane's settle: a killed run's turn is kept that long) before its work.
 */
export const CLICK_END_MS = createTurnWaitMs(PANE_SETTLE_MS) + RUN_WORK_MS;

/**
 * The designed bound of a killed run's end in the pane once the server is back: its calls in flight
 * answer or time out within the settle, then it saves its end.
 */
export const KILLED_RUN_END_MS = PANE_SETTLE_MS + RUN_WORK_MS;

/**
 * Notes every run end the pane shows from now on, so a wait counts only the ends after it began.
 * Once per page.
 */
export async function watchRunEnds(page: Page): Promise<void> {
  await page.evaluate((section) => {
    const w = window as unknown as { runEnds: string[] };
    w.runEnds = [];
    const scan = (node: Node) => {
      if (!(node instanceof Element) || !node.closest(`section[aria-label="${section}"]`)) return;
      for (const el of [node, ...Array.from(node.querySelectorAll('*'))]) {
        if (el.getAttribute('role') === 'alert' || /^H[1-6]$/.test(el.tagName))
          w.runEnds.push(el.textContent ?? '');
      }
    };
    new MutationObserver((changes) => changes.forEach((c) => c.addedNodes.forEach(scan))).observe(
      document.body,
      { subtree: true, childList: true },
    );
  }, en.syncSection);
}

/** An action whose run end is awaited later: `end(boundMs)` counts its bound from its own call. */
export interface AwaitedEnd {
  end(boundMs: number): Promise<string>;
}

/**
 * Runs `action` (`what` names it in a failure: "a click on Full sync after the restart") and
 * returns a handle on the first run end shown after it.
 */
export async function runEndOf(page: Page, what: string, action: () => Promise<void>): Promise<AwaitedEnd> {
  const seen = await page.evaluate(() => (window as unknown as { runEnds: string[] }).runEnds.length);
  await action();
  return {
    async end(boundMs) {
      await page
        .waitForFunction((n) => (window as unknown as { runEnds: string[] }).runEnds.length > n, seen, {
          timeout: boundMs,
        })
        .catch(async (e: unknown) => {
          // Said in CI: what was awaited, and what the pane showed instead.
          const shown = await page.evaluate(() => document.body.innerText).catch(() => '(no page)');
          throw new Error(
            `No run end (a result, a failure or a refusal in "${en.syncSection}") within ${boundMs} ms ` +
              `of ${what}: ${String(e)}\nThe pane shows:\n${shown}`,
          );
        });
      return page.evaluate((n) => (window as unknown as { runEnds: string[] }).runEnds[n] ?? '', seen);
    },
  };
}

/** Runs `action` and resolves with the first run end the pane shows after it, within `boundMs`. */
export async function runEnds(
  page: Page,
  what: string,
  action: () => Promise<void>,
  boundMs = CLICK_END_MS,
): Promise<string> {
  return (await runEndOf(page, what, action)).end(boundMs);
}
