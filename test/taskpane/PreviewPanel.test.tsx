/** @jest-environment jsdom */
import { describe, expect, jest, test } from '@jest/globals';
import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { PlanItemView, PreviewView } from '../../src/taskpane/api/types.js';
import { PREVIEW_PAGE, PreviewPanel } from '../../src/taskpane/components/PreviewPanel/index.js';
import { renderPane } from './harness.js';

function preview(items: PlanItemView[], mode: PreviewView['mode'] = 'delta'): PreviewView {
  return {
    mode,
    summary: {
      bc: { create: 0, update: 0 },
      outlook: { create: items.length, update: 0, delete: 0 },
      links: 0,
      conflicts: 0,
      skipped: 0,
    },
    guard: null,
    excludedByFilter: 0,
    items,
    conflicts: [],
    skipped: [],
  };
}

const create = (n: number): PlanItemView => ({
  kind: 'createInOutlook',
  bcId: `b${n}`,
  displayName: `Person ${String(n).padStart(3, '0')}`,
});

/** Each listed group (the regions after the panel's own) as its name and its lines. */
function shownGroups(): [string | null, (string | null)[]][] {
  return screen
    .getAllByRole('region')
    .slice(1)
    .map((g) => [
      g.getAttribute('aria-label'),
      within(g)
        .getAllByRole('listitem')
        .map((i) => i.textContent),
    ]);
}

describe('PreviewPanel', () => {
  test('says which mode it previews and offers the other', async () => {
    const onPreview = jest.fn();
    renderPane(<PreviewPanel preview={preview([create(1)])} onPreview={onPreview} />);
    expect(screen.getByRole('heading', { name: 'Preview (Sync): nothing has been written' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Preview instead: Full sync' }));
    expect(onPreview).toHaveBeenCalledWith('full');
  });

  test('every planned write, grouped by side and action; an update listed on each side it writes', () => {
    const items: PlanItemView[] = [
      create(1),
      {
        kind: 'update',
        bcId: 'b2',
        outlookId: 'o2',
        displayName: 'Both Sides',
        bc: [{ field: 'jobTitle', from: 'a', to: 'b' }],
        outlook: [{ field: 'city', from: 'c', to: 'd' }],
        stampBcId: false,
      },
      { kind: 'deleteInOutlook', bcId: 'b3', outlookId: 'o3', displayName: 'Gone', reason: 'bcDeleted' },
      { kind: 'createInBc', outlookId: 'o4', displayName: 'From Outlook' },
      { kind: 'link', bcId: 'b5', outlookId: 'o5' },
    ];
    renderPane(<PreviewPanel preview={preview(items)} onPreview={() => undefined} />);
    expect(shownGroups()).toEqual([
      ['Outlook · Would create: 1', ['Person 001']],
      ['Outlook · Would update: 1', ['Both Sides (City)']],
      ['Outlook · Would delete: 1', ['Gone']],
      ['Business Central · Would create: 1', ['From Outlook']],
      ['Business Central · Would update: 1', ['Both Sides (Job Title)']],
    ]);
  });

  test('an update that only writes the BC id onto the Outlook contact is listed as an Outlook update', () => {
    const stampOnly: PlanItemView = {
      kind: 'update',
      bcId: 'b9',
      outlookId: 'o9',
      displayName: 'Lena Berg',
      bc: [],
      outlook: [],
      stampBcId: true,
    };
    renderPane(<PreviewPanel preview={preview([create(1), stampOnly])} onPreview={() => undefined} />);
    expect(shownGroups()).toEqual([
      ['Outlook · Would create: 1', ['Person 001']],
      ['Outlook · Would update: 1', ['Lena Berg']],
    ]);
  });

  test('lists every conflict the run would record: waiting for a choice, then settled by the rule', async () => {
    const field = (name: 'city' | 'jobTitle', winner: 'bc' | 'outlook' | 'none') => ({
      field: name,
      base: 'a',
      bc: 'b',
      outlook: 'c',
      winner,
    });
    const conflict = (
      bcId: string,
      displayName: string,
      status: 'open' | 'settled',
      fields: ReturnType<typeof field>[],
      deletedInBc = false,
    ): PreviewView['conflicts'][number] => ({
      bcId,
      outlookId: `o-${bcId}`,
      displayName,
      kind: deletedInBc ? 'deletedInBc' : 'fields',
      status,
      detectedAt: null,
      ...(deletedInBc ? { reason: { kind: 'bcDeleted' as const } } : {}),
      fields,
    });
    const plan: PreviewView = {
      ...preview([create(1)]),
      conflicts: [
        conflict('b1', 'Open Olli', 'open', [field('city', 'none'), field('jobTitle', 'none')]),
        conflict('b2', 'Settled Sara', 'settled', [field('city', 'bc')]),
        conflict('b3', 'Deleted Dan', 'open', [field('city', 'none')], true),
      ],
    };
    renderPane(<PreviewPanel preview={plan} onPreview={() => undefined} />);
    expect(shownGroups()).toEqual([
      ['Outlook · Would create: 1', ['Person 001']],
      [
        'Conflicts · waiting for your choice: 2',
        ['Open Olli (City and Job Title)', 'Deleted Dan: Deleted in Business Central, changed in Outlook'],
      ],
      ['Conflicts · settled by your rule: 1', ['Settled Sara (City)']],
    ]);
    // The filter box finds conflicts too, by name or field.
    await userEvent.type(screen.getByRole('searchbox', { name: 'Find in the plan' }), 'job title');
    expect(
      screen
        .getAllByRole('region')
        .slice(1)
        .map((g) => g.getAttribute('aria-label')),
    ).toEqual(['Conflicts · waiting for your choice: 1']);
  });

  test('a plan of conflicts only is not "no changes"', () => {
    const plan: PreviewView = {
      ...preview([]),
      conflicts: [
        {
          bcId: 'b1',
          outlookId: 'o1',
          displayName: 'Only Conflict',
          kind: 'fields',
          status: 'open',
          detectedAt: null,
          fields: [{ field: 'city', base: 'a', bc: 'b', outlook: 'c', winner: 'none' }],
        },
      ],
    };
    renderPane(<PreviewPanel preview={plan} onPreview={() => undefined} />);
    expect(screen.queryByText('No changes: both sides agree.')).toBeNull();
    expect(screen.getByRole('region', { name: 'Conflicts · waiting for your choice: 1' })).toBeTruthy();
  });

  test('a large plan pages; the filter box finds names and fields, and says when nothing matches', async () => {
    const total = PREVIEW_PAGE * 2 + 5;
    renderPane(
      <PreviewPanel
        preview={preview(Array.from({ length: total }, (_, i) => create(i + 1)))}
        onPreview={() => undefined}
      />,
    );
    const group = screen.getByRole('region', { name: `Outlook · Would create: ${total}` });
    expect(within(group).getAllByRole('listitem')).toHaveLength(PREVIEW_PAGE);
    await userEvent.click(
      screen.getByRole('button', { name: `Show more (${PREVIEW_PAGE} of ${total} shown)` }),
    );
    expect(within(group).getAllByRole('listitem')).toHaveLength(PREVIEW_PAGE * 2);
    await userEvent.click(screen.getByRole('button', { name: /^Show more/ }));
    expect(within(group).getAllByRole('listitem')).toHaveLength(total);
    expect(screen.queryByRole('button', { name: /^Show more/ })).toBeNull();

    const find = screen.getByRole('searchbox', { name: 'Find in the plan' });
    await userEvent.type(find, 'PERSON 04');
    const found = screen.getByRole('region', { name: 'Outlook · Would create: 6' });
    expect(
      within(found)
        .getAllByRole('listitem')
        .map((i) => i.textContent),
    ).toEqual(['040', '041', '042', '043', '044', '045'].map((n) => `Person ${n}`));
    await userEvent.clear(find);
    await userEvent.type(find, 'nobody');
    expect(screen.getByText('Nothing in the plan matches "nobody".')).toBeTruthy();
  });
});
