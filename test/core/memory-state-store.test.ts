import { describe, test, expect } from '@jest/globals';
import { MemorySyncStateStore } from '../../src/core/fakes/memory-state-store.js';
import { formatIsoMs, parseIsoMs } from '../../src/core/fakes/iso-time.js';
import { runSyncStateStoreContract } from '../contracts/sync-state-store.contract.js';

runSyncStateStoreContract('MemorySyncStateStore', async () => ({
  store: new MemorySyncStateStore(),
  teardown: async () => undefined,
}));

describe('memory store ISO time (core has no Date)', () => {
  test('parse and format agree with Date across eras, leap days and offsets', () => {
    const samples = [
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '2000-02-29T12:34:56.789Z',
      '2024-02-29T00:00:00.000Z',
      '2100-03-01T00:00:00.000Z',
      '0001-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
    ];
    for (const s of samples) {
      expect(parseIsoMs(s)).toBe(Date.parse(s));
      expect(formatIsoMs(Date.parse(s))).toBe(new Date(s).toISOString());
    }
    for (const s of ['2024-03-01T14:00:00+02:00', '2024-03-01T07:30-04:30', '2024-03-01T12:00:00.1234567Z']) {
      expect(parseIsoMs(s)).toBe(Date.parse(s));
    }
    for (let ms = -5e12; ms < 5e12; ms += 7_919_993_331)
      expect(formatIsoMs(ms)).toBe(new Date(ms).toISOString());
  });

  test('refuses what is not ISO 8601 with a zone', () => {
    for (const s of ['2024-03-01', '2024-03-01T12:00:00', 'yesterday', '2024-13-01T00:00:00Z']) {
      expect(() => parseIsoMs(s)).toThrow(/not an ISO 8601/);
    }
  });
});
