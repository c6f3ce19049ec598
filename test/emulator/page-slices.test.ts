import { describe, expect, test } from '@jest/globals';
import { createGraphEmulator } from '../../src/emulator/index.js';
import { bodyValue } from '../../src/emulator/graph-request.js';
import { SLICE_ROWS } from '../../src/platform/loop-turns.js';
import { annFolderSeed, callAsAnn } from './harness.js';

// A page of a folder's contacts was written out in one piece: in `npm start` the embedded Graph
// shares the facade's event loop, and the folder preview's read of 8,000 contacts (8 pages of
// 1,000) held it 300-470 ms a page at load 22 (bench:preview-loop). The page's contacts are now
// written a slice of SLICE_ROWS at a time, a turn of the event loop between slices.

const FOLDER = `AAMkADpageslices${'A'.repeat(24)}=`;

describe('the emulator writes a contact page out in slices', () => {
  test.each([1000, 10])('a page of %i contacts: a turn per slice, the same page', async (n) => {
    const emulator = await createGraphEmulator();
    emulator.seed(
      annFolderSeed(
        FOLDER,
        Array.from({ length: n }, (_, i) => ({
          givenName: 'Person',
          surname: String(i),
          emailAddresses: [{ address: `p${i}@example.com`, name: `Person ${i}` }],
        })),
      ),
    );
    let turns = 0;
    let answered = false;
    const tick = () => {
      turns++;
      if (!answered) setImmediate(tick);
    };
    setImmediate(tick);
    const response = await callAsAnn(emulator, 'GET', `/me/contactFolders/${FOLDER}/contacts`, '$top=1000');
    answered = true;
    const body = bodyValue(response.body) as { value: { surname: string }[] };
    expect(response.status).toBe(200);
    expect(body.value.map((c) => c.surname).sort()).toEqual(
      Array.from({ length: n }, (_, i) => String(i)).sort(),
    );
    // One turn before each slice at least (was 0: the page in one piece).
    expect(turns).toBeGreaterThanOrEqual(Math.ceil(n / SLICE_ROWS));
  });
});
