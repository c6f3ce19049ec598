import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { jsonBytes, requestChunks } from '../../src/sync-client/request-chunks.js';

// F112: the pane's state writes go in chunks within the facade's limits (items and bytes).
describe('requestChunks', () => {
  test('property: the chunks are the list in order, none empty, each within both limits (or one item alone)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 400 }),
        (items, maxItems, maxBytes) => {
          const chunks = requestChunks(items, maxItems, maxBytes);
          expect(chunks.flat()).toStrictEqual(items);
          for (const c of chunks) {
            expect(c.length).toBeGreaterThan(0);
            expect(c.length).toBeLessThanOrEqual(maxItems);
            // An array's JSON: the items, a comma between two, the brackets.
            if (c.length > 1) expect(jsonBytes(c)).toBeLessThanOrEqual(maxBytes + 1);
          }
          // As few chunks as the limits allow: no two neighbours would fit in one.
          for (let i = 1; i < chunks.length; i++) {
            const both = [...chunks[i - 1]!, chunks[i]![0]];
            expect(both.length > maxItems || jsonBytes(both) > maxBytes + 1).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('bytes are UTF-8 bytes, not characters', () => {
    expect(jsonBytes('é')).toBe(4);
    expect(jsonBytes('😀')).toBe(6);
    expect(requestChunks(['éé', 'éé', 'éé'], 10, 14)).toStrictEqual([['éé', 'éé'], ['éé']]);
  });
});
