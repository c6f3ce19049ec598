/** @jest-environment jsdom */
import { screen } from '@testing-library/react';
import { describe, expect, test } from '@jest/globals';
import type { MergedSinceShown } from '../../src/core/merge.js';
import type { ConflictView } from '../../src/taskpane/api/types.js';
import { renderConflicts } from './harness.js';

/*
 * Attack F2: a choice on a field conflict also writes what one side changed since the card was
 * shown, to fields not on the card. The resolve refuses such a choice once and the record names
 * those changes (core/resolve-since-shown.ts); the card then says what the choice also writes and
 * where, so the choice made after it writes nothing the user was not told of.
 */

function conflict(sinceShown?: readonly MergedSinceShown[]): ConflictView {
  const fields = [{ field: 'jobTitle' as const, base: 'b', bc: 'x', outlook: 'y', winner: 'none' as const }];
  return {
    bcId: 'bc-1',
    outlookId: 'ol-1',
    displayName: 'Harry Taylor',
    kind: 'fields',
    status: 'open',
    detectedAt: null,
    fields,
    ...(sinceShown ? { sinceShown } : {}),
  };
}

const said = () => screen.queryAllByTestId('since-shown').map((e) => e.textContent);

describe('the card names what a choice also writes, changed since it was shown', () => {
  test('example: city and mobile phone changed in Outlook, website in Business Central', () => {
    renderConflicts([
      conflict([
        { field: 'city', from: 'outlook', value: 'Oslo' },
        { field: 'website', from: 'bc', value: 'https://bc.example' },
        { field: 'mobilePhoneNumber', from: 'outlook', value: '+47 1' },
      ]),
    ]);
    expect(said()).toEqual([
      'Changed in Outlook since this conflict was shown, and written to Business Central with your choice: City and Mobile Phone No.',
      'Changed in Business Central since this conflict was shown, and written to Outlook with your choice: Home Page.',
    ]);
  });

  test('nothing changed since: nothing said', () => {
    renderConflicts([conflict()]);
    expect(said()).toEqual([]);
  });
});
