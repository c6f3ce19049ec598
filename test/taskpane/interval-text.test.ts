import { describe, expect, test } from '@jest/globals';
import { IntlMessageFormat } from 'intl-messageformat';
import { intervalParts } from '../../src/core/duration-parts.js';
import { LANGS } from '../../src/messages/langs.js';
import { MESSAGES } from '../messages/catalogs.js';

/*
 * newuser: the header said "Scheduled sync every 1,440 minutes starts once you save the settings".
 * Every message that names the schedule interval says it in the largest whole unit, in all six
 * languages: found by its `unit` argument, not by a list of keys.
 */
const KEYS = Object.keys(MESSAGES.en).filter((k) =>
  MESSAGES.en[k as keyof typeof MESSAGES.en].includes('{unit, select'),
);
const say = (lang: (typeof LANGS)[number], key: string, minutes: number): string =>
  String(
    new IntlMessageFormat(MESSAGES[lang][key as keyof typeof MESSAGES.en], lang).format({
      ...intervalParts(minutes),
    }),
  );

describe('a schedule interval reads in the largest whole unit', () => {
  test('intervalParts: days, hours, else minutes', () => {
    expect([1440, 2880, 60, 120, 90, 1, 15, 1500].map(intervalParts)).toEqual([
      { unit: 'day', n: 1 },
      { unit: 'day', n: 2 },
      { unit: 'hour', n: 1 },
      { unit: 'hour', n: 2 },
      { unit: 'minute', n: 90 },
      { unit: 'minute', n: 1 },
      { unit: 'minute', n: 15 },
      { unit: 'hour', n: 25 },
    ]);
  });

  test('the example: 1,440 minutes is "every day"', () => {
    expect(say('en', 'nextRunAfterSave', 1440)).toBe(
      'Scheduled sync every day starts once you save the settings',
    );
    expect(say('en', 'nextRunServerOff', 120)).toContain('every 2 hours is set');
    expect(say('en', 'nextRunServerOff', 90)).toContain('every 90 minutes is set');
  });

  // newuser: the pane said "every 1 day" (fi "1 päivän välein", sv "var 1 dag", nl "elke 1 dag", it
  // "ogni 1 giorno"); French alone said "chaque jour". One of a unit is said without the figure.
  test.each(LANGS.flatMap((lang) => [1440, 60, 1].map((minutes) => [lang, minutes] as const)))(
    '%s, every %i minutes: one of the unit has no figure',
    (lang, minutes) => {
      for (const key of KEYS)
        expect({ key, digits: say(lang, key, minutes).match(/\d/g) }).toEqual({ key, digits: null });
    },
  );

  test('every interval message, in every language: the unit has its own words, the figure is the unit count', () => {
    expect(KEYS.sort()).toEqual(['nextRunAfterSave', 'nextRunServerOff']);
    for (const key of KEYS)
      for (const lang of LANGS) {
        const day = say(lang, key, 2880);
        const hour = say(lang, key, 120);
        const minute = say(lang, key, 90);
        expect({ lang, key, distinct: new Set([day, hour, minute]).size }).toEqual({
          lang,
          key,
          distinct: 3,
        });
        expect({ lang, key, day: day.match(/\d+/g) }).toEqual({ lang, key, day: ['2'] });
        expect({ lang, key, hour: hour.match(/\d+/g) }).toEqual({ lang, key, hour: ['2'] });
        expect({ lang, key, minute: minute.match(/\d+/g) }).toEqual({ lang, key, minute: ['90'] });
        // The old wording would have used the minutes unit for 2 days; no text keeps it.
        expect({ lang, key, sameAsMinutes: day === say(lang, key, 2) }).toEqual({
          lang,
          key,
          sameAsMinutes: false,
        });
      }
  });
});
