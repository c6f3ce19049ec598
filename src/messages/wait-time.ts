/*
 * When a refused sync can start again (a run refusal's `until`), as each edge writes it. Rounded up
 * to the minute shown: truncated, 12:05:50 read "12:05", and a retry at 12:05 was refused again
 * with the same time (audit 5).
 */

/** `value` rounded up to a whole minute (a whole minute stays). */
export function minuteUp(value: string | number | Date): number {
  const ms = new Date(value).getTime();
  return Math.ceil(ms / 60_000) * 60_000;
}

/** "2026-12-07 09:05 UTC": an HTTP body's default words, read by clients in any time zone. */
export function utcMinute(iso: string): string {
  return `${new Date(minuteUp(iso)).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The time in this process's locale and time zone, named ("07/12/2026, 10:05 CET"): the CLI's
 * line, read where it runs.
 */
export function localMinute(iso: string, locale?: string, timeZone?: string): string {
  // dateStyle and timeStyle cannot name the zone: the fields one by one.
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(minuteUp(iso));
}
