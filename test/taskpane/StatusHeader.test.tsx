/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { StatusHeader, nextScheduled } from '../../src/taskpane/components/StatusHeader/index.js';
import { SETTINGS, mockApi, record, renderPane } from './harness.js';

describe('StatusHeader', () => {
  test('shows the user, the last sync and the next scheduled run', () => {
    renderPane(<StatusHeader user="ann@contoso.com" settings={SETTINGS} lastRun={record()} />);
    expect(screen.getByRole('heading', { name: 'Contact Sync for Business Central' })).toBeTruthy();
    expect(screen.getByText('Signed in as ann@contoso.com')).toBeTruthy();
    expect(screen.getByTestId('last-sync').textContent).toMatch(/Succeeded/);
    expect(screen.getByText(/Next scheduled run/)).toBeTruthy();
  });

  test('says when the schedule is off and nothing was synced', () => {
    renderPane(<StatusHeader user="a@b.c" settings={{ ...SETTINGS, scheduleMinutes: 0 }} lastRun={null} />);
    expect(screen.getByText('Scheduled sync is off')).toBeTruthy();
    expect(screen.getByTestId('last-sync').textContent).toMatch(/Not synced yet/);
  });

  test('validate connection checks the mailbox folder and Business Central', async () => {
    const api = mockApi({
      checkMailbox: async () => {
        throw new Error('401 InvalidAuthenticationToken');
      },
    });
    renderPane(<StatusHeader user="a@b.c" settings={SETTINGS} lastRun={null} />, { api });
    await userEvent.click(screen.getByRole('button', { name: 'Validate connection' }));
    expect(await screen.findByText('Mailbox not reachable: 401 InvalidAuthenticationToken')).toBeTruthy();
    expect(screen.getByText('Business Central reached: CRONUS International')).toBeTruthy();
  });

  test('next run is the last start plus the interval', () => {
    const next = nextScheduled(SETTINGS, record(), new Date('2026-01-01T12:00:00Z'));
    expect(next?.toISOString()).toBe('2026-01-02T10:00:00.000Z');
  });
});
