/*
 * When a refused sync can start again (a run refusal's `until`), as each edge writes it. Rounded up
 * to the minute shown: truncated, 12:05:50 read "12:05", and a retry at 12:05 was refused again
 * with the same time (audit 5).
 */

/**
 * A time an answer carries (a run refusal's `until`), or null when it is none: not a string, or
 * not a date and time Date.parse reads. Every edge reads `until` through here, so a server's "soon"
 * or "" words as "no time known" instead of throwing from the formatter (attack A6: the CLI
 * ended with a RangeError's stack).
 */
export function answeredTime(value: unknown): string | null {
  return typeof value === 'string' && Number.isFinite(Date.parse(value)) ? value : null;
}

/** `value` rounded up to a whole minute (a whole minute stays). */
export function minuteUp(value: string | number | Date): number {
  const ms = new Date(value).getTime();
  return Math.ceil(ms / 60_000) * 60_000;
}

/*
 * One formatter for every time an English sentence carries (the HTTP bodies' messages, the CLI's
 * lines, logs): ISO 8601's order with the zone's offset, whatever the process's locale. The CLI's
 * line was once written in the OS locale ("07/12/2026, 10:05" under LANG=fr_FR reads as 12 July to
 * an English reader; "٠٧/١٢" under ar): a sentence's numbers follow its language, and this form
 * reads the same in every one. The locale below only names the parts; the digits are forced Latin.
 */
const PARTS = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  numberingSystem: 'latn',
  timeZoneName: 'longOffset',
} as const;

/**
 * "2026-12-07 10:05 UTC+01:00": the minute (rounded up) in `timeZone`, the process's own when none
 * is given (TZ); "… UTC" where the offset is zero.
 */
export function zonedMinute(iso: string, timeZone?: string): string {
  return zoned(minuteUp(iso), false, timeZone);
}

/**
 * "2026-12-07 10:42:05 UTC+01:00": the second (rounded up) in `timeZone`, the process's own when
 * none is given: when a run's wait ends (core/run-waits.ts), seconds to a minute away.
 */
export function zonedSecond(iso: string, timeZone?: string): string {
  return zoned(secondUp(iso), true, timeZone);
}

/** `value` rounded up to a whole second: a wait said to end at :05 has not ended at :04.6. */
export function secondUp(value: string | number | Date): number {
  return Math.ceil(new Date(value).getTime() / 1000) * 1000;
}

function zoned(ms: number, seconds: boolean, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    ...PARTS,
    ...(seconds ? { second: '2-digit' } : {}),
    ...(timeZone ? { timeZone } : {}),
  }).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  // longOffset names the zone "GMT+01:00" ("GMT" or "GMT+00:00" at offset zero; a minus sign may
  // be U+2212 in some ICU versions): written as ISO 8601 does, and zero as "UTC".
  const offset = part('timeZoneName').replace(/^GMT/, 'UTC').replace('\u2212', '-');
  const zone = offset === 'UTC' || offset === 'UTC+00:00' ? 'UTC' : offset;
  const time = `${part('hour')}:${part('minute')}${seconds ? `:${part('second')}` : ''}`;
  return `${part('year')}-${part('month')}-${part('day')} ${time} ${zone}`;
}

/** "2026-12-07 09:05 UTC": an HTTP body's default words, read by clients in any time zone. */
export function utcMinute(iso: string): string {
  return zonedMinute(iso, 'UTC');
}
