/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { SkipView } from '../../src/taskpane/api/types.js';
import { HistoryPanel } from '../../src/taskpane/components/HistoryPanel/index.js';
import { PreviewPanel } from '../../src/taskpane/components/PreviewPanel/index.js';
import { SkippedPanel } from '../../src/taskpane/components/SkippedPanel/index.js';
import { zeroCounts } from '../../src/core/records.js';
import { outlookSkip, previewView, record, renderPane } from './harness.js';

describe('SkippedPanel', () => {
  test('lists each skipped contact with its reason and hint', () => {
    renderPane(<SkippedPanel skipped={[outlookSkip('No Mail')]} />);
    const group = screen.getByRole('region', { name: 'No e-mail (1)' });
    expect(within(group).getByRole('listitem', { name: 'No Mail' })).toBeTruthy();
    expect(group.textContent).toContain('Hint: Add an e-mail address to the Outlook contact.');
  });

  test('in Finnish, from the structured reason, with BC field names', () => {
    const skip = (key: string, displayName: string, reason: SkipView['reason']): SkipView => ({
      key,
      side: 'outlook',
      bcId: '',
      bcNumber: '',
      outlookId: key,
      displayName,
      reason,
    });
    renderPane(
      <SkippedPanel
        skipped={[
          skip('o1', 'Long Name', { kind: 'tooLong', field: 'surname', length: 61, max: 50 }),
          skip('o2', 'Twin', {
            kind: 'duplicateEmailInOutlook',
            email: 'ann@contoso.fi',
            outlookIds: ['o2', 'o3'],
          }),
          skip('o3', 'Firma Oy', {
            kind: 'bcContactOutOfScope',
            bcId: 'CT000042',
            reasons: [{ kind: 'companyContact' }, { kind: 'excludedByFilter', fields: ['city'] }],
          }),
        ]}
      />,
      { lang: 'fi' },
    );
    const groupOf = (name: string) => screen.getByRole('listitem', { name }).closest('section')!;
    const long = groupOf('Long Name').textContent;
    expect(long).toContain('Sukunimi on 61 merkkiä; Business Centraliin mahtuu 50');
    expect(long).toContain('Vihje: Lyhennä kenttä Sukunimi enintään 50 merkkiin.');
    const twin = groupOf('Twin').textContent;
    expect(twin).toContain('2 Outlook-yhteystiedolla on sama sähköpostiosoite ann@contoso.fi');
    expect(twin).toContain('Vihje: Anna jokaiselle Outlook-yhteystiedolle oma sähköpostiosoite');
    const company = groupOf('Firma Oy').textContent;
    expect(company).toContain(
      'Sen Business Central -kontakti CT000042 on rajattu pois: yrityskontakti ja suodattimen rajaama: Kaupunki',
    );
    expect(company).toContain('Vain tyypin Henkilö kontaktit synkronoidaan');
    expect(company).toContain(
      'Muuta kontaktia tai asetusten synkronointisuodatinta (Kaupunki). Tai poista Outlook-yhteystieto.',
    );
  });

  test('57 skipped, 50 of them company contacts: grouped by reason, company contacts explained once, paged, filtered', async () => {
    const bcSkip = (n: number, reasons: { kind: 'companyContact' | 'noEmail' }[]): SkipView => ({
      key: `bc:b${n}`,
      side: 'bc',
      bcId: `b${n}`,
      bcNumber: `KT${String(n).padStart(6, '0')}`,
      outlookId: '',
      displayName: `Contact ${n}`,
      reason: { kind: 'outOfScope', reasons },
    });
    const companies = Array.from({ length: 50 }, (_, n) =>
      bcSkip(
        n + 1,
        n % 10 === 0 ? [{ kind: 'companyContact' }, { kind: 'noEmail' }] : [{ kind: 'companyContact' }],
      ),
    );
    const noEmail = Array.from({ length: 6 }, (_, n) => bcSkip(100 + n, [{ kind: 'noEmail' }]));
    const outlook: SkipView = outlookSkip('No Address');
    renderPane(<SkippedPanel skipped={[...companies, outlook, ...noEmail]} />);
    const regions = screen.getAllByRole('region').map((r) => r.getAttribute('aria-label'));
    // Outlook's (the user acts in Outlook) first, then BC's smallest to largest.
    expect(regions).toEqual([
      'No e-mail (1)',
      'Out of scope: no e-mail (6)',
      'Out of scope: company contact (50)',
    ]);
    const company = screen.getByRole('region', { name: 'Out of scope: company contact (50)' });
    const explained = 'Only contacts of type Person are synced; company contacts stay in Business Central.';
    expect(company.textContent!.split(explained)).toHaveLength(2);
    // The contacts: items of the group's own list (a contact's further reasons are a list inside it).
    const contacts = () => company.querySelectorAll(':scope > ul > li');
    expect(contacts()).toHaveLength(20);
    // Contacts with a further reason come after those with the group's alone (skip-group-order).
    expect(within(company).queryByRole('listitem', { name: 'Contact 1' })).toBeNull();
    await userEvent.click(within(company).getByRole('button', { name: 'Show more (20 of 50 shown)' }));
    await userEvent.click(within(company).getByRole('button', { name: 'Show more (40 of 50 shown)' }));
    expect(contacts()).toHaveLength(50);
    expect(
      Array.from(contacts())
        .slice(45)
        .map((li) => li.getAttribute('aria-label')),
    ).toEqual([1, 11, 21, 31, 41].map((n) => `Contact ${n}`));
    const first = within(company).getByRole('listitem', { name: 'Contact 1' }).textContent;
    // "No." and its number never part at a line end (issue 14 item 7): a no-break space.
    expect(first).toContain('(Business Central\u00a0· No.\u00a0KT000001)');
    // Its second reason is its own line with its hint; the group's is not repeated.
    expect(first).toContain(
      'Out of scope: no e-mailHint: Add an e-mail address to the contact in Business Central.',
    );
    expect(first).not.toContain('company contact');
    expect(within(company).getByRole('listitem', { name: 'Contact 2' }).textContent).toBe(
      'Contact 2 (Business Central\u00a0· No.\u00a0KT000002)',
    );
    await userEvent.type(screen.getByRole('searchbox', { name: 'Find a skipped contact' }), 'KT000042');
    expect(screen.getAllByRole('listitem').map((li) => li.getAttribute('aria-label'))).toEqual([
      'Contact 42',
    ]);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Find a skipped contact' }), 'x');
    expect(screen.getByText('No skipped contact matches "KT000042x".')).toBeTruthy();
  });

  test('empty list', () => {
    renderPane(<SkippedPanel skipped={[]} />);
    expect(screen.getByText('No skipped contacts.')).toBeTruthy();
  });
});

describe('PreviewPanel', () => {
  test('lists skipped contacts with localized reasons', () => {
    renderPane(
      <PreviewPanel
        onPreview={() => undefined}
        preview={previewView({ summary: { skipped: 2 }, skipped: [outlookSkip('No Mail')] })}
      />,
      { lang: 'sv' },
    );
    expect(screen.getByText('2 kontakter överhoppade · 0 öppna konflikter')).toBeTruthy();
    // Grouped as in the Skipped panel: the reason is the group's title, the contact a line in it.
    expect(screen.getByRole('region', { name: 'Överhoppade' })).toBeTruthy();
    const group = screen.getByRole('region', { name: 'Ingen e-postadress (1)' });
    expect(within(group).getByRole('listitem', { name: 'No Mail' })).toBeTruthy();
  });
});

describe('HistoryPanel', () => {
  test('each run: mode, status, trigger, folder, counts in words, duration', () => {
    renderPane(
      <HistoryPanel
        runs={[
          record({ id: 'a', mode: 'full', folderName: 'Sales contacts' }),
          record({ id: 'b', dryRun: true, trigger: 'schedule', counts: zeroCounts() }),
        ]}
      />,
    );
    const [full, preview] = screen.getAllByRole('listitem');
    expect(full?.getAttribute('aria-label')).toBe('Full sync · Succeeded');
    expect(full?.textContent).toContain('from the pane · Folder: Sales contacts');
    expect(full?.textContent).toContain('Business Central: 1 created, 2 updated, 0 deleted');
    expect(full?.textContent).toContain('Outlook: 5 created, 3 updated, 1 deleted');
    expect(full?.textContent).toContain('2 contacts skipped · 1 open conflict · Duration: 2.3\u00a0s');
    expect(preview?.getAttribute('aria-label')).toBe('Preview · Succeeded');
    expect(preview?.textContent).toContain('scheduled · Folder: Business Central');
    expect(preview?.textContent).not.toContain('created');
  });

  test('a run that wrote nothing says so', () => {
    renderPane(<HistoryPanel runs={[record({ counts: zeroCounts() })]} />);
    expect(screen.getByRole('listitem').textContent).toContain('Nothing written.');
  });

  test('a failed run shows its error text, the first few and how many more', () => {
    const errors = [1, 2, 3, 4, 5].map((n) => ({ side: 'run' as const, id: `e${n}`, message: `Boom ${n}` }));
    renderPane(<HistoryPanel runs={[record({ status: 'failed', trigger: 'cli', errors })]} />);
    const item = screen.getByRole('listitem', { name: 'Sync · Failed' });
    expect(item.textContent).toContain('from the command line');
    expect(item.textContent).toContain('Error: Boom 1');
    expect(item.textContent).toContain('Error: Boom 3');
    expect(item.textContent).not.toContain('Boom 4');
    expect(item.textContent).toContain('and 2 more errors');
  });

  test('a run that failed on more contacts than its record lists counts those it only counted', () => {
    const errors = [1, 2, 3, 4, 5].map((n) => ({ side: 'run' as const, id: `e${n}`, message: `Boom ${n}` }));
    renderPane(<HistoryPanel runs={[record({ status: 'failed', errors, errorsOmitted: 9045 })]} />);
    expect(screen.getByRole('listitem').textContent).toContain('and 9,047 more errors');
  });

  test('F37: a held scheduled run says why (real share and the limit) and what to do', () => {
    const held = { kind: 'massDelete' as const, deletes: 142, folderSize: 152, share: 0.2 };
    renderPane(
      <HistoryPanel runs={[record({ status: 'held', trigger: 'schedule', counts: zeroCounts(), held })]} />,
    );
    const item = screen.getByRole('listitem', { name: 'Sync · Waiting for confirmation' });
    expect(item.textContent).toContain(
      'This run would delete 142 of the 152 contacts synced to the Outlook folder (93%); the limit is 20%. Nothing has been written yet.',
    );
    expect(item.textContent).toContain(
      'What to do: to delete them, run Sync and choose “Delete and sync”. To keep them, change the filter or raise the limit in Contact sync setup; until then each scheduled sync stops here.',
    );
  });

  test('in Finnish', () => {
    renderPane(<HistoryPanel runs={[record({ status: 'failed', trigger: 'schedule' })]} />, { lang: 'fi' });
    const item = screen.getByRole('listitem');
    expect(item.textContent).toContain('Synkronointi · Epäonnistui');
    expect(item.textContent).toContain('ajoitettu · Kansio: Business Central');
    expect(item.textContent).toContain('Outlook: 5 luotu, 3 päivitetty, 1 poistettu');
  });
});
