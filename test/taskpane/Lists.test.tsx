/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { screen } from '@testing-library/react';
import type { SkipView } from '../../src/taskpane/api/types.js';
import { HistoryPanel } from '../../src/taskpane/components/HistoryPanel/index.js';
import { PreviewSummary } from '../../src/taskpane/components/RunSummary/index.js';
import { SkippedPanel } from '../../src/taskpane/components/SkippedPanel/index.js';
import { record, renderPane } from './harness.js';

describe('SkippedPanel', () => {
  test('lists each skipped contact with its reason and hint', () => {
    renderPane(
      <SkippedPanel
        skipped={[
          {
            key: 'outlook:o1',
            side: 'outlook',
            bcId: '',
            outlookId: 'o1',
            displayName: 'No Mail',
            reason: { kind: 'missingEmail' },
          },
        ]}
      />,
    );
    const item = screen.getByRole('listitem', { name: 'No Mail' });
    expect(item.textContent).toContain('no e-mail');
    expect(item.textContent).toContain('Hint: Add an e-mail address to the Outlook contact.');
  });

  test('in Finnish, from the structured reason, with BC field names', () => {
    const skip = (key: string, displayName: string, reason: SkipView['reason']): SkipView => ({
      key,
      side: 'outlook',
      bcId: '',
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
    const long = screen.getByRole('listitem', { name: 'Long Name' }).textContent;
    expect(long).toContain('Sukunimi on 61 merkkiä; Business Centraliin mahtuu 50');
    expect(long).toContain('Vihje: Lyhennä kenttä Sukunimi enintään 50 merkkiin.');
    const twin = screen.getByRole('listitem', { name: 'Twin' }).textContent;
    expect(twin).toContain('2 Outlook-yhteystiedolla on sama sähköpostiosoite ann@contoso.fi');
    expect(twin).toContain('Vihje: Anna jokaiselle Outlook-yhteystiedolle oma sähköpostiosoite');
    const company = screen.getByRole('listitem', { name: 'Firma Oy' }).textContent;
    expect(company).toContain(
      'sen Business Central -kontakti CT000042 on rajattu pois: yrityskontakti ja suodattimen rajaama: Kaupunki',
    );
    expect(company).toContain('Vain tyypin Henkilö kontaktit synkronoidaan');
    expect(company).toContain(
      'Muuta kontaktia tai asetusten synkronointisuodatinta (Kaupunki). Tai poista Outlook-yhteystieto.',
    );
  });

  test('empty list', () => {
    renderPane(<SkippedPanel skipped={[]} />);
    expect(screen.getByText('No skipped contacts.')).toBeTruthy();
  });
});

describe('PreviewSummary', () => {
  test('lists skipped contacts with localized reasons', () => {
    renderPane(
      <PreviewSummary
        preview={{
          summary: {
            bc: { create: 0, update: 0 },
            outlook: { create: 0, update: 0, delete: 0 },
            links: 0,
            conflicts: 0,
            skipped: 2,
          },
          mode: 'full',
          guard: null,
          excludedByFilter: 0,
          items: [],
          conflicts: [],
          skipped: [
            {
              key: 'outlook:o1',
              side: 'outlook',
              bcId: '',
              outlookId: 'o1',
              displayName: 'No Mail',
              reason: { kind: 'missingEmail' },
            },
          ],
        }}
      />,
      { lang: 'sv' },
    );
    expect(screen.getByText('2 kontakter överhoppade · 0 konflikter')).toBeTruthy();
    expect(screen.getByText('No Mail: ingen e-postadress')).toBeTruthy();
  });
});

describe('HistoryPanel', () => {
  test('lists recent runs with mode, status and trigger', () => {
    renderPane(
      <HistoryPanel
        runs={[record({ id: 'a', mode: 'full' }), record({ id: 'b', dryRun: true, trigger: 'schedule' })]}
      />,
    );
    const rows = screen.getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('Full sync · Succeeded');
    expect(rows[1]?.textContent).toContain('Preview · Succeeded');
    expect(rows[1]?.textContent).toContain('schedule');
  });

  test('in Finnish', () => {
    renderPane(<HistoryPanel runs={[record({ status: 'failed' })]} />, { lang: 'fi' });
    expect(screen.getByRole('row').textContent).toContain('Synkronointi · Epäonnistui');
  });
});
