/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { ApiError } from '../../src/taskpane/api/http.js';
import { act, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { App, loadFirstData } from '../../src/taskpane/components/App/index.js';
import { mockApi, mockRunner, record, renderPane } from './harness.js';

const conflict = {
  bcId: 'bc-1',
  outlookId: 'ol-1',
  displayName: 'Ann Lee',
  kind: 'fields' as const,
  status: 'settled' as const,
  detectedAt: null,
  fields: [
    {
      field: 'city' as const,
      base: 'Espoo',
      bc: 'Helsinki',
      outlook: 'Tampere',
      winner: 'bc' as const,
    },
  ],
};

describe('App', () => {
  test('loads the user, settings and lists into the sections', async () => {
    const api = mockApi({ listRuns: async () => [record()], listConflicts: async () => [conflict] });
    renderPane(<App />, { api });
    expect(await screen.findByText('Signed in as ann@contoso.com')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Conflicts (0 open, 1 settled)' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Skipped contacts (0)' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sync with Microsoft 365' })).toBeTruthy();
    expect(await screen.findByRole('textbox', { name: /Folder name/ })).toBeTruthy();
    expect(screen.getByRole('listitem', { name: 'Ann Lee' })).toBeTruthy();
  });

  test('resolving a conflict refreshes the list', async () => {
    let conflicts = [conflict];
    const api = mockApi({
      listConflicts: async () => conflicts,
      resolveConflict: async () => {
        conflicts = [];
      },
    });
    renderPane(<App />, { api });
    await userEvent.click(await screen.findByRole('button', { name: 'Keep Outlook for Ann Lee' }));
    expect(await screen.findByText('No conflicts.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Conflicts (0 open, 0 settled)' })).toBeTruthy();
  });

  test('a finished run refreshes history and the header', async () => {
    let runs = [] as ReturnType<typeof record>[];
    const api = mockApi({ listRuns: async () => runs });
    const runner = mockRunner();
    renderPane(<App />, { api, runner });
    await userEvent.click(await screen.findByRole('button', { name: 'Sync with Microsoft 365' }));
    runs = [record()];
    await act(async () => runner.finish({ record: record(), preview: null }));
    await waitFor(() => expect(screen.getByTestId('last-sync').textContent).toMatch(/Succeeded/));
  });

  test('shows a load failure with Retry', async () => {
    let fail = true;
    const api = mockApi({
      me: async () => {
        if (fail) throw new ApiError(401, 'Authentication_InvalidCredentials', 'Unauthorized');
        return { userId: 'u1', upn: 'ann@contoso.com', name: 'Ann', oid: 'o1', companyId: null };
      },
    });
    renderPane(<App />, { api });
    // F33: an answer of the server is never "cannot reach the server"; its message is not shown.
    expect(
      await screen.findByText(
        'Error: Your sign-in was not accepted (HTTP 401 Authentication_InvalidCredentials). Close the add-in and open it again; if this keeps happening, ask your administrator.',
      ),
    ).toBeTruthy();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Signed in as ann@contoso.com')).toBeTruthy();
  });

  test('shows the first load begun before the render, asks only once, and asks again on Retry', async () => {
    let calls = 0;
    let fail = true;
    const api = mockApi({
      me: async () => {
        calls++;
        if (fail) throw new ApiError(401, 'Authentication_InvalidCredentials', 'Unauthorized');
        return { userId: 'u1', upn: 'ann@contoso.com', name: 'Ann', oid: 'o1', companyId: null };
      },
    });
    // index.tsx starts it before React renders the pane.
    const started = loadFirstData(api);
    renderPane(<App started={started} />, { api });
    expect(await screen.findByText(/Your sign-in was not accepted/)).toBeTruthy();
    expect(calls).toBe(1);
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Signed in as ann@contoso.com')).toBeTruthy();
    expect(calls).toBe(2);
  });

  test('keyboard: sections open and close with Enter', async () => {
    renderPane(<App />);
    const history = await screen.findByRole('button', { name: 'History' });
    history.focus();
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByText('No runs yet.')).toBeTruthy();
  });

  test('Finnish labels', async () => {
    renderPane(<App />, { lang: 'fi' });
    expect(await screen.findByRole('button', { name: 'Synkronoi Microsoft 365:n kanssa' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Täysi synkronointi Microsoft 365:n kanssa' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Kontaktien synkronointiasetukset' })).toBeTruthy();
  });
});
