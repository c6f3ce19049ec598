/** The words of `bc-contact-sync doctor`: one line per check, the fix under each failure (docs/deploy.md). */
import { shownInput } from '../../platform/shown-input.js';
import type { CheckId, CheckResult, Fix, FixCode, FixParams } from './check-result.js';

const TITLES: Record<CheckId, string> = {
  config: 'configuration',
  issuer: 'Entra issuer metadata',
  'bc-token': 'Business Central token (client credentials)',
  'bc-companies': 'Business Central companies',
  'graph-token': 'Graph token (client credentials)',
  'graph-user': 'Graph mailbox access',
  user: 'user',
  membership: 'company membership',
  mailbox: 'mailbox',
  'sync-folder': 'sync folder',
};

/** Each fix's words from exactly the values it carries (no placeholder can be printed). */
const FIXES: { readonly [K in FixCode]: (x: FixParams[K]) => string } = {
  'config-invalid': (x) =>
    `fix the variables above (README, Configuration):\n${x.errors
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n')}`,
  'tenant-unknown': (x) =>
    `no directory "${x.tenant}": set ${x.variable} to your directory (tenant) id${x.variable === 'ENTRA_TENANT_ID' ? '' : ' or a verified domain'} (Entra admin center → Overview).`,
  'issuer-mismatch': (x) =>
    `the metadata of ${x.tenant} names the issuer ${x.issuer || '(none)'}: use the tenant id (not "common" or "organizations"), and ENTRA_AUTHORITY_HOST only for a sovereign cloud.`,
  'jwks-empty': () => 'the tenant published no signing keys: check ENTRA_TENANT_ID and ENTRA_AUTHORITY_HOST.',
  unreachable: (x) =>
    `${x.url} could not be reached: check DNS, the outbound proxy and firewall rules for this host.`,
  'secret-invalid': (x) =>
    `the client secret of ${x.clientId} is wrong or expired: create one under App registrations → Certificates & secrets and set ${x.variable} to its value (not its id).`,
  'client-unknown': (x) =>
    `no app ${x.clientId} in tenant ${x.tenant}: set ${x.variable} to the registration's Application (client) ID (docs/deploy.md §1).`,
  'consent-missing': (x) =>
    `admin consent for ${x.scope} is missing: App registrations → API permissions → Grant admin consent (docs/deploy.md §1).`,
  'bc-app-not-registered': (x) =>
    `Business Central refused the app: add ${x.clientId} in "Microsoft Entra Applications" of environment ${x.environment}, set State to Enabled, add permission sets and choose Grant Consent (docs/deploy.md §2).`,
  'bc-environment-unknown': (x) =>
    `no environment "${x.environment}": set BC_ENVIRONMENT to the name in the BC admin center (e.g. production), BC_TENANT_ID to the tenant.`,
  'graph-token-refused': () =>
    'Graph refused the app token: GRAPH_TENANT_ID must be the mailbox tenant and GRAPH_BASE_URL https://graph.microsoft.com/v1.0 (docs/deploy.md §3).',
  'graph-access-denied': (x) =>
    `the app may not open ${x.user}'s contacts: grant the Graph application permission Contacts.ReadWrite with admin consent, or, with Exchange RBAC for Applications, add the mailbox to the app's management scope (Test-ServicePrincipalAuthorization shows it; docs/deploy.md §1).`,
  'graph-user-unknown': (x) => `Graph knows no user ${x.user}: give the user principal name or object id.`,
  'user-unknown': (x) =>
    `${x.user} has not signed in to the facade: sign in once in the pane, or give the user key <tenant id>:<object id> (Entra admin center → Users → Object ID).`,
  'upn-not-unique': (x) => `${x.user} was reassigned: give one of these user keys instead: ${x.keys}.`,
  'no-company': () =>
    'the facade holds no company: seed the demo (SEED_DEMO=1) or set the BC_* variables for an upstream Business Central.',
  'no-membership': (x) =>
    `an administrator grants ${x.user} a company: PUT /admin/v1/companies/{company id}/members/${x.member} (README "Company access"${x.member === x.user ? '' : `; by UPN only once ${x.user} has signed in`}).`,
  'graph-app-missing': () =>
    'server-side runs need app-only Graph access: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (docs/deploy.md §1).',
  'mailbox-unknown': (x) =>
    `${x.user} has no Exchange Online mailbox that Graph can open: assign an Exchange Online licence, or give the user who owns the mailbox.`,
  'unexpected-answer': () =>
    'an answer this check does not know: see the detail above, and the facade log for the same call.',
};

/** The words of one fix (the cast: TypeScript does not pair a union's code with its params). */
const fixWords = (f: Fix): string => (FIXES[f.code] as (x: FixParams[typeof f.code]) => string)(f.params);

const MARK = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' } as const;

const count = (n: number) => `${n} check${n === 1 ? '' : 's'}`;

/**
 * The last line. A skipped check was not tried, so "All checks passed" is said only when every
 * check ran and passed (tester F65: doctor --user in dev mode said it after 1 passed, 5 skipped).
 */
function summaryLine(results: readonly CheckResult[]): string {
  const by = (status: CheckResult['status']) => results.filter((r) => r.status === status).length;
  const [passedN, failedN, skippedN] = [by('passed'), by('failed'), by('skipped')];
  if (failedN > 0) return `${count(failedN)} failed.`;
  if (skippedN === 0) return 'All checks passed.';
  return `${count(passedN)} passed; ${count(skippedN)} skipped, not tried (the reason is on each "skip" line).`;
}

/**
 * The most characters of one line of a check's detail or fix: a detail quotes what a service
 * answered (BC's company names, an error code, an issuer's discovery document), so it is shown as
 * refusals show input — bounded, control and direction characters escaped (attack A5: a company
 * named "CRONUS\u001b[2J…" cleared the terminal, and every company's name was listed).
 */
const LINE_MAX = 400;

/** The report, one line per check and an indented fix under each failure. */
export function formatDoctor(results: readonly CheckResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${MARK[r.status]} ${TITLES[r.id]}: ${shownInput(r.detail, LINE_MAX)}`);
    if (r.status === 'failed' && r.fix) {
      // A fix's own line breaks are kept; each of its lines is shown as a detail is.
      const fixLines = fixWords(r.fix)
        .split('\n')
        .map((line) => shownInput(line, LINE_MAX));
      lines.push(`     fix: ${fixLines.join('\n')}`);
    }
  }
  lines.push(summaryLine(results));
  return `${lines.join('\n')}\n`;
}
