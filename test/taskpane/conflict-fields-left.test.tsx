/** @jest-environment jsdom */
import { describe, expect, jest, test } from '@jest/globals';
import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { ConflictView } from '../../src/taskpane/api/types.js';
import { ConflictsPanel } from '../../src/taskpane/components/ConflictsPanel/index.js';
import { NO_CONFLICT_ACTIONS, renderPane } from './harness.js';

/*
 * Seen by helper newuser in the pane: Harry Taylor's conflict held an open Job Title and a Mobile
 * Phone No. the policy had settled; after "Keep" on Job Title the pane said "Harry Taylor still
 * waits for your choice on 1 field" while the list said "0 open, 1 settled". What still waits is
 * the fields with no winner, whatever else the conflict holds: every mix of open and settled fields.
 */

type Winner = 'none' | 'bc' | 'outlook';
const FIELDS = ['jobTitle', 'mobilePhoneNumber', 'city'] as const;
const CAPTION: Readonly<Record<(typeof FIELDS)[number], string>> = {
  jobTitle: 'Job Title',
  mobilePhoneNumber: 'Mobile Phone No.',
  city: 'City',
};

function harry(winners: readonly Winner[]): ConflictView {
  return {
    bcId: 'bc-harry',
    outlookId: 'ol-harry',
    displayName: 'Harry Taylor',
    kind: 'fields',
    status: winners.includes('none') ? 'open' : 'settled',
    detectedAt: null,
    fields: winners.map((winner, i) => ({ field: FIELDS[i]!, base: 'b', bc: 'x', outlook: 'y', winner })),
  };
}

describe('after a choice for one field, the fields that still wait are the ones without a winner', () => {
  test.each<[string, readonly Winner[], number, string]>([
    ['the example: open Job Title, settled Mobile Phone No.', ['none', 'bc'], 0, 'Conflict resolved.'],
    [
      'two open, one settled',
      ['none', 'outlook', 'none'],
      0,
      'Job Title resolved. Harry Taylor still waits for your choice on 1 field.',
    ],
    [
      'three open',
      ['none', 'none', 'none'],
      0,
      'Job Title resolved. Harry Taylor still waits for your choice on 2 fields.',
    ],
    [
      'the settled field reverted, one open left',
      ['none', 'bc'],
      1,
      'Mobile Phone No. resolved. Harry Taylor still waits for your choice on 1 field.',
    ],
  ])('%s', async (_name, winners, chosen, said) => {
    const onResolve = jest.fn(async (_bcId: string, _choice: unknown) => undefined);
    renderPane(
      <ConflictsPanel {...NO_CONFLICT_ACTIONS} conflicts={[harry(winners)]} onResolve={onResolve} />,
    );
    await userEvent.click(screen.getByRole('button', { name: /Show fields of Harry Taylor/ }));
    const caption = CAPTION[FIELDS[chosen]!];
    await userEvent.click(await screen.findByRole('button', { name: `Keep Outlook value of ${caption}` }));
    expect(onResolve).toHaveBeenLastCalledWith('bc-harry', { fields: { [FIELDS[chosen]!]: 'outlook' } });
    expect(await screen.findByText(said)).toBeTruthy();
  });
});
