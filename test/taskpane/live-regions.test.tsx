/** @jest-environment jsdom */
/**
 * Issue 14, the kind: a polite live region must be on the page before it speaks — screen readers
 * announce a change to a region they know, and often nothing for one inserted with its text in it
 * (the connection check's result was inserted so: its success was never said). Every pane source
 * is scanned: polite regions come only from layout/live-region.tsx, which is always rendered. The
 * named example: the Validate region exists before the click and then says both checks.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { StatusHeader } from '../../src/taskpane/components/StatusHeader/index.js';
import { SETTINGS, renderPane } from './harness.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(f) ? [path] : [];
  });
}
const HOME = join('src', 'taskpane', 'layout', 'live-region.tsx');

describe('every polite live region is there before it speaks', () => {
  test.each(sources('src/taskpane').filter((p) => p !== HOME))('%s makes no live region itself', (path) => {
    const text = readFileSync(path, 'utf8');
    expect(text.match(/role=["{']+status|aria-live|role:\s*'status'/g) ?? []).toEqual([]);
  });

  test('Validate: the region is on the page before the click, then says both checks', async () => {
    renderPane(<StatusHeader user="a@b.c" settings={SETTINGS} lastRun={null} />);
    const before = screen.getAllByRole('status');
    await userEvent.click(screen.getByRole('button', { name: 'Validate connection' }));
    await waitFor(() =>
      expect(before.map((r) => r.textContent ?? '').join(' ')).toContain('Business Central reached'),
    );
    const region = before.find((r) => (r.textContent ?? '').includes('Mailbox reached'));
    expect(region?.getAttribute('aria-live')).toBe('polite');
    expect(document.activeElement).toBe(region);
  });
});
