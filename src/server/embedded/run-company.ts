import type { Db } from '../../store/db.js';
import { listCompanies } from '../../store/bc-repository.js';
import { memberCompanies } from '../../store/company-members.js';
import { RunEnvironmentError } from '../sync/run-refusals.js';

/** A company as `GET /api/v2.0/companies` lists it: its id and the name BC shows (F104: words use it). */
export interface ListedCompany {
  readonly id: string;
  readonly displayName: string;
}

/**
 * The companies the facade serves, in the order `GET /api/v2.0/companies` answers them (the pane
 * syncs with the first one it may use).
 */
type CompanyOrder = () => Promise<readonly ListedCompany[]>;

/** The facade's own store: companies by name, then id (`listCompanies`, as the BC API lists them). */
export function storeCompanyOrder(db: Db): CompanyOrder {
  return async () => (await listCompanies(db)).map(({ id, displayName }) => ({ id, displayName }));
}

/**
 * The companies the user is a member of, in the facade's order: a user's server-side work
 * (schedule, CLI, sync API) uses the one their sync state belongs to while still listed here, else
 * the first (issue 10 §2, F86) — the one the pane picks from `GET /companies`, which lists only
 * member companies to a user. Throws `RunEnvironmentError`: `noCompany` when the facade serves
 * none, `noCompanyMembership` when the user may use none (so the list is never empty).
 */
export async function memberCompanyList(
  db: Db,
  order: CompanyOrder,
  userId: string,
): Promise<ListedCompany[]> {
  const [members, listed] = await Promise.all([memberCompanies(db, userId), order()]);
  if (listed.length === 0)
    throw new RunEnvironmentError(
      'noCompany',
      'The facade holds no company: seed the demo (SEED_DEMO=1) or set BC_* upstream.',
    );
  const mine = listed.filter((c) => members.has(c.id.toLowerCase()));
  if (mine.length === 0) throw noCompanyMembership();
  return mine;
}

/** The user may use none of the facade's companies: 403 on routes, a failed record for runs. */
export function noCompanyMembership(): RunEnvironmentError {
  return new RunEnvironmentError(
    'noCompanyMembership',
    'This user is not a member of any Business Central company on this facade; an administrator grants access (README "Company access").',
  );
}
