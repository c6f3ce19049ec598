import type { Page } from '../../core/state-limits.js';

/**
 * Lease keys are free text to the port; here they live under the caller's user, so no user can
 * hold, renew or release another user's lease. The engine's own keys (`user|folder`) already start
 * with the user and stay as they are, so the pane's runs and the facade's runs share one lease.
 */
export function leaseKey(userId: string, key: string): string {
  return key.startsWith(`${userId}|`) ? key : `${userId}|${key}`;
}

/**
 * A list route's answer (F46): the page under `name`, `next` (the key to send as `after` for the
 * following page; null on the last), and while more follow `@odata.nextLink`: this request's
 * origin-relative URL with `after` set to `next`, every other option kept.
 */
export function pageBody<T>(url: string, name: string, page: Page<T>): Record<string, unknown> {
  const body: Record<string, unknown> = { [name]: page.items, next: page.next };
  if (page.next !== null) {
    const u = new URL(url, 'http://facade.invalid');
    u.searchParams.set('after', page.next);
    body['@odata.nextLink'] = `${u.pathname}${u.search}`;
  }
  return body;
}
