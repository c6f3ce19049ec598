/**
 * Contact numbers from a counter row per company (issue 12 §2, BC's "No. Series" for contacts:
 * the series' Last No. Used, which BC updates as it hands out a number). Creating a contact read
 * the highest number of the company (a scan of all its contacts) under a lock on the company row,
 * which also held back every other contact write of the company (their foreign-key checks lock the
 * company row too). The counter row starts at the highest number in use, as that scan found it.
 */
export const migration010 = `
CREATE TABLE bc_number_series (
  company_id uuid PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
  last_no bigint NOT NULL CHECK (last_no >= 0)
);
INSERT INTO bc_number_series (company_id, last_no)
SELECT c.id,
       COALESCE((SELECT max(substring(b.number from 3)::bigint) FROM bc_contacts b
                  WHERE b.company_id = c.id AND b.number ~ '^CT[0-9]+$'), 0)
  FROM companies c;
`;
