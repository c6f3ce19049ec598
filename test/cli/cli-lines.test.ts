/**
 * The CLI's lines are English sentences: each number and time in them is written for English (or,
 * a time, as ISO 8601 with its offset), never in the OS's locale. The example: under LANG=fr_FR the
 * busy line said "07/12/2026, 10:05 UTC+1", 12 July to an English reader (and under ar, Arabic
 * digits and direction marks in an English sentence). Every kind of worded line
 * (support/cli-lines-main.ts) is printed by a process under each locale and time zone, and must
 * read as under LANG=C in the same zone; across zones only a time's hour and offset may change.
 */
import { execFile } from 'node:child_process';
import { beforeAll, describe, expect, test } from '@jest/globals';

const LOCALES = ['fr_FR.UTF-8', 'de_DE.UTF-8', 'en_US.UTF-8', 'ar', 'he_IL.UTF-8'] as const;
const ZONES = ['Europe/Paris', 'Asia/Tokyo', 'America/St_Johns'] as const;
type Lines = Readonly<Record<string, readonly string[]>>;

/** Each locale through LANG; two through LC_ALL too, which wins over an English LANG. */
const VARIANTS: readonly Readonly<Record<string, string>>[] = [
  ...LOCALES.map((locale) => ({ LANG: locale })),
  { LANG: 'en_US.UTF-8', LC_ALL: 'fr_FR.UTF-8' },
  { LANG: 'en_US.UTF-8', LC_ALL: 'ar' },
];
const named = (env: Readonly<Record<string, string>>) =>
  Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

/** The lines of support/cli-lines-main.ts, by zone, in a process under `env` (no other LC_*). */
function linesUnder(env: Readonly<Record<string, string>>): Promise<Lines> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== 'LANG' && k !== 'LANGUAGE' && !k.startsWith('LC_')),
  );
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', 'test/support/cli-lines-main.ts', ...ZONES],
      { env: { ...base, ...env } },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout) as Lines)),
    ),
  );
}

let baseline: Lines = {};
const seen = new Map<string, Lines>();

beforeAll(async () => {
  baseline = await linesUnder({ LANG: 'C' });
  for (const env of VARIANTS) seen.set(named(env), await linesUnder(env));
});

describe('the CLI words its lines the same under every locale', () => {
  test.each(VARIANTS.map(named))('%s: as under LANG=C, in every zone', (name) => {
    expect(seen.get(name)).toEqual(baseline);
  });

  test.each(ZONES)('TZ=%s: Latin digits only, no direction marks, no day/month dates', (zone) => {
    for (const line of baseline[zone] ?? []) {
      expect(line).not.toMatch(/(?![0-9])\p{Nd}|[\u200e\u200f\u061c]/u);
      expect(line).not.toMatch(/\d{1,2}[/.]\d{1,2}[/.]\d{2,4}/);
    }
  });

  test('across zones only the times differ, each written with its offset', () => {
    const [paris, tokyo] = [baseline['Europe/Paris'] ?? [], baseline['Asia/Tokyo'] ?? []];
    expect(paris.length).toBeGreaterThan(8);
    const differ = paris.filter((line, i) => line !== tokyo[i]);
    expect(differ.length).toBeGreaterThan(0);
    for (const line of differ) expect(line).toMatch(/ 2026-12-07 10:05 UTC\+01:00\.$/);
  });

  test('the example: under LANG=fr_FR in Paris the busy line says 2026-12-07 10:05 UTC+01:00', () => {
    const fr = seen.get('LANG=fr_FR.UTF-8')?.['Europe/Paris'] ?? [];
    expect(fr[0]).toMatch(/the next sync can start at 2026-12-07 10:05 UTC\+01:00\.$/);
    expect(seen.get('LANG=ar')?.['Europe/Paris']?.[0]).toBe(fr[0]);
    expect(seen.get('LANG=he_IL.UTF-8')?.['Asia/Tokyo']?.[0]).toMatch(/at 2026-12-07 18:05 UTC\+09:00\.$/);
    expect(baseline['America/St_Johns']?.[0]).toMatch(/at 2026-12-07 05:35 UTC-03:30\.$/);
  });
});
