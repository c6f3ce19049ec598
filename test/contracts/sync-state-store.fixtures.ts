import type { Link } from '../../src/core/link.js';
import type { ConflictRecord } from '../../src/core/merge.js';
import { SYNC_FIELDS, emptySyncFields } from '../../src/core/model.js';
import type { SyncFields } from '../../src/core/model.js';
import type { ConflictEntry, SkipEntry } from '../../src/core/ports.js';
import { startingRecord } from '../../src/core/records.js';
import type { RunRecord } from '../../src/core/records.js';

/** Records for the SyncStateStore contract. */
function fields(seed: number): SyncFields {
  const f = emptySyncFields();
  f.displayName = `Contact ${seed}`;
  f.email = `c${seed}@example.com`;
  f.city = 'Helsinki';
  return f;
}

export function link(bcId: string, outlookId: string, seed: number): Link {
  return { bcId, outlookId, base: fields(seed), bcEtag: `W/"${seed}"`, outlookChangeKey: `ck-${seed}` };
}

const odd = [
  '',
  'Åsa Öberg-Ünal',
  'line1\r\nline2',
  'say "hi" \\ \'there\'',
  '😀 emoji',
  '{"json":true}',
  'a,b;c',
];

export function bulkLink(i: number): Link {
  const base = emptySyncFields();
  for (const [j, f] of SYNC_FIELDS.entries())
    base[f] = `${odd[(i + j) % odd.length] ?? ''}${j % 3 === 0 ? '' : i}`;
  return {
    bcId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    outlookId: `AAMkAD${i}==`,
    base,
    bcEtag: i % 5 === 0 ? '' : `W/"JzQ0OzE${i}"`,
    outlookChangeKey: `EQAAABYAAAB${i}/+=`,
  };
}

export function run(userId: string, id: string, startedAt: string): RunRecord {
  const folderName = 'Business Central';
  return startingRecord({ id, userId, folderName, mode: 'full', dryRun: false, trigger: 'pane' }, startedAt);
}

export function conflict(bcId: string, outlookId: string, city: string): ConflictEntry {
  const record: ConflictRecord = {
    kind: 'fields',
    displayName: `Contact ${bcId}`,
    fields: [{ field: 'city', base: 'Turku', bc: city, outlook: 'Tampere', winner: 'none' }],
  };
  return { bcId, outlookId, record };
}

export function skipEntryFixture(key: string, kind: 'missingEmail' | 'missingName'): SkipEntry {
  return {
    key,
    record: {
      side: 'bc',
      bcId: key,
      bcNumber: 'KT100',
      outlookId: '',
      displayName: 'No Mail',
      reason: { kind },
    },
  };
}
