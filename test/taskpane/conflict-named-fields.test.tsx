/** @jest-environment jsdom */
import { cleanup, screen, within } from '@testing-library/react';
import { describe, expect, test } from '@jest/globals';
import { userEvent } from '@testing-library/user-event';
import { conflictStatus } from '../../src/core/merge.js';
import type { ConflictView } from '../../src/taskpane/api/types.js';
import { PreviewPanel } from '../../src/taskpane/components/PreviewPanel/index.js';
import { previewView, renderConflicts, renderPane } from './harness.js';

/*
 * Seen by helper newuser in the pane: Harry Taylor's conflict held Job Title, changed on both sides
 * under "Ask me", and Mobile Phone No., settled earlier by "Business Central wins". The Preview said
 * "Conflicts · waiting for your choice: Harry Taylor (Job Title and Mobile Phone No.)" and his card
 * in the Conflicts panel was titled "Job Title and Mobile Phone No.", though only Job Title waited.
 * Both places name the fields that make the conflict's status: every mix of open and settled fields.
 */

type Winner = 'none' | 'bc' | 'outlook';
const FIELDS = ['jobTitle', 'mobilePhoneNumber', 'city'] as const;
const CAPTION = { jobTitle: 'Job Title', mobilePhoneNumber: 'Mobile Phone No.', city: 'City' } as const;

function harry(winners: readonly Winner[]): ConflictView {
  const fields = winners.map((winner, i) => ({
    field: FIELDS[i]!,
    base: 'b',
    bc: 'x',
    outlook: 'y',
    winner,
  }));
  return {
    bcId: 'bc-harry',
    outlookId: 'ol-harry',
    displayName: 'Harry Taylor',
    kind: 'fields',
    status: conflictStatus({ kind: 'fields', displayName: 'Harry Taylor', fields }),
    detectedAt: null,
    fields,
  };
}

/** The Preview's one conflict line and the card's field-list button, for one conflict. */
function shownFor(conflict: ConflictView): { preview: string | null; card: string | null } {
  renderPane(<PreviewPanel preview={previewView({ conflicts: [conflict] })} onPreview={() => undefined} />);
  const group = screen.getByRole('region', { name: /^Conflicts · / });
  const preview = within(group).getByRole('listitem').textContent;
  cleanup();
  renderConflicts([conflict]);
  const card = screen.getByRole('button', { name: /Show fields of Harry Taylor/ }).textContent;
  cleanup();
  return { preview, card };
}

describe('a conflict is named by the fields that wait, or by all when settled', () => {
  test.each<[string, readonly Winner[], string]>([
    ['the example: open Job Title, settled Mobile Phone No.', ['none', 'bc'], 'Job Title'],
    ['two open, one settled', ['none', 'outlook', 'none'], 'Job Title and City'],
    ['a settled one first, then an open one', ['bc', 'none'], 'Mobile Phone No.'],
    ['all open', ['none', 'none', 'none'], 'Job Title, Mobile Phone No., and City'],
    ['all settled', ['bc', 'outlook'], 'Job Title and Mobile Phone No.'],
  ])('%s', (_name, winners, named) => {
    expect(shownFor(harry(winners))).toEqual({ preview: `Harry Taylor (${named})`, card: named });
  });

  test('every field still shows with its values when the card is opened', async () => {
    renderConflicts([harry(['none', 'bc'])]);
    await userEvent.click(screen.getByRole('button', { name: /Show fields of Harry Taylor/ }));
    for (const f of ['jobTitle', 'mobilePhoneNumber'] as const)
      expect(await screen.findByRole('button', { name: `Keep Outlook value of ${CAPTION[f]}` })).toBeTruthy();
  });
});
