/** @jest-environment jsdom */
/**
 * Issue 10 §2 / issue 11: a run record says whose permissions its calls carried (`access`), and
 * the pane shows it in the header (the last run) and in each history entry, in six languages; a run
 * that ended because Business Central refused the user's sign-in (Upstream_TokenRefused, an expired
 * on-behalf-of grant) says "sign in again", never a generic refusal.
 */
import { describe, expect, test } from '@jest/globals';
import { screen } from '@testing-library/react';
import { PortFailure } from '../../src/core/ports.js';
import type { RunAccess } from '../../src/core/records.js';
import { runErrorOf } from '../../src/core/run-errors.js';
import { HistoryPanel } from '../../src/taskpane/components/HistoryPanel/index.js';
import { StatusHeader } from '../../src/taskpane/components/StatusHeader/index.js';
import { LANGS } from '../../src/messages/langs.js';
import { SETTINGS, record, renderPane } from './harness.js';

/** Every access a record can carry: BC delegated, app-only or the store × Graph delegated or app-only. */
const ACCESSES: RunAccess[] = (['delegated', 'appOnly', 'store'] as const).flatMap((bc) =>
  (['delegated', 'appOnly'] as const).map((graph) => ({ bc, graph })),
);

const ENGLISH: Record<string, string> = {
  delegated: 'on your behalf',
  appOnly: 'as the sync app',
  store: 'from this server’s own store',
};

describe('the run’s access in the header and the history', () => {
  test.each(ACCESSES.map((a) => [`bc ${a.bc}, graph ${a.graph}`, a] as const))('%s', (_name, access) => {
    const run = record({ trigger: 'schedule', access });
    const { unmount } = renderPane(<StatusHeader user="a@b.c" settings={SETTINGS} lastRun={run} />);
    const header = screen.getByTestId('last-access').textContent;
    expect(header).toBe(`Access: Business Central ${ENGLISH[access.bc]} · Outlook ${ENGLISH[access.graph]}`);
    unmount();
    renderPane(<HistoryPanel runs={[run]} />);
    expect(screen.getByTestId('run-access').textContent).toBe(header);
  });

  test('a record that does not say (older runs, the pane’s own) shows no access line', () => {
    const run = record();
    expect(run.access).toBeUndefined();
    const { unmount } = renderPane(<StatusHeader user="a@b.c" settings={SETTINGS} lastRun={run} />);
    expect(screen.queryByTestId('last-access')).toBeNull();
    unmount();
    renderPane(<HistoryPanel runs={[run]} />);
    expect(screen.queryByTestId('run-access')).toBeNull();
  });

  test.each(LANGS)('%s: each access is its own sentence, with no raw value left', (lang) => {
    const texts = ACCESSES.map((access) => {
      const { unmount } = renderPane(<HistoryPanel runs={[record({ access })]} />, { lang });
      const text = screen.getByTestId('run-access').textContent ?? '';
      unmount();
      return text;
    });
    expect(new Set(texts).size).toBe(ACCESSES.length);
    for (const text of texts) expect(text).not.toMatch(/delegated|appOnly|\{|\}/);
  });
});

describe('Business Central refused the user’s sign-in in the middle of a run', () => {
  /** The record's end as the run leaves it (core/run-errors.ts) when the BC read got 403 Upstream_TokenRefused. */
  const refused = record({
    status: 'failed',
    trigger: 'pane',
    access: { bc: 'delegated', graph: 'appOnly' },
    errors: [
      runErrorOf(
        new PortFailure(
          'invalid',
          'AADSTS500133: Assertion is not within its valid time range.',
          { status: 403, serviceCode: 'Upstream_TokenRefused' },
          { side: 'bc', operation: 'readChanges' },
        ),
        'run-1',
      ),
    ],
  });

  test('the header names Business Central and says to sign in again (English)', () => {
    renderPane(<StatusHeader user="a@b.c" settings={SETTINGS} lastRun={refused} />);
    expect(screen.getByTestId('last-error').textContent).toBe(
      'Error: Business Central: the contacts could not be read: your sign-in was no longer accepted (it expired or was withdrawn): close the add-in and open it again to sign in again, then sync again (HTTP 403 Upstream_TokenRefused)',
    );
    expect(screen.getByTestId('last-access').textContent).toContain('Business Central on your behalf');
  });

  test.each(LANGS)('%s: not the words of a refused value', (lang) => {
    const texts = [
      refused,
      record({
        ...refused,
        errors: [
          {
            ...refused.errors[0]!,
            params: { ...refused.errors[0]!.params, serviceCode: 'BadRequest_InvalidValue' },
          },
        ],
      }),
    ].map((r) => {
      const { unmount } = renderPane(<StatusHeader user="a@b.c" settings={SETTINGS} lastRun={r} />, { lang });
      const text = screen.getByTestId('last-error').textContent ?? '';
      unmount();
      return text.replace(/\(HTTP 403 \w+\)$/, '');
    });
    expect(texts[0]).not.toBe(texts[1]);
    expect(texts[0]).not.toMatch(/signInRefused|\{|\}/);
  });
});
