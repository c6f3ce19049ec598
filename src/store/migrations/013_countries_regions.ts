/**
 * A company's own changes to the Country/Region table (BC table 9, F41). The seeded ISO rows stay in
 * code (store/bc-countries-regions.ts, they follow the package); this table holds what a company
 * added, changed or deleted through the API. A row whose `id` is a seeded row's id replaces it;
 * `deleted` hides it (a seeded row cannot be removed from code). Codes are unique among the rows
 * a company can see: the store checks that in the write's transaction (store/bc-country-table.ts).
 */
export const migration013 = `
CREATE TABLE bc_countries_regions (
  company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  code text NOT NULL,
  display_name text NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  row_version bigint NOT NULL DEFAULT 1,
  last_modified timestamptz NOT NULL,
  PRIMARY KEY (company_id, id)
);
`;
