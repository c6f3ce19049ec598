/**
 * Which companies a user may use through the BC API (issue 10 §2): one row per user and company.
 * `company_id` is text without a foreign key: in upstream mode the companies live in the tenant's
 * Business Central, not in this database. The `user_id` column makes the rows follow a user's
 * key like every other per-user table (migration 002's claim finds it in the catalog).
 */
export const migration004 = `
CREATE TABLE company_members (
  user_id text NOT NULL,
  company_id text NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  granted_by text NOT NULL DEFAULT '',
  PRIMARY KEY (user_id, company_id)
);
CREATE INDEX company_members_company ON company_members (company_id);
`;
