import { SYNC_FIELDS } from '../../core/model.js';

// Column names follow the facade's field names in snake_case (displayName → display_name).
const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const syncFieldColumns = SYNC_FIELDS.map((f) => `  ${snake(f)} text NOT NULL DEFAULT '',`).join('\n');

/**
 * Facade storage (companies, contacts) and the sync state of every user and folder.
 * Scoped tables lead their keys with (user_id, folder_id) so every read of one scope is an index
 * range and no query can reach another user's rows without naming them.
 */
export const migration001 = `
CREATE TABLE companies (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  display_name text NOT NULL DEFAULT '',
  business_profile_id text NOT NULL DEFAULT '',
  last_modified timestamptz NOT NULL DEFAULT now(),
  UNIQUE (name)
);

CREATE TABLE bc_contacts (
  id uuid PRIMARY KEY,
  company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  number text NOT NULL,
  type text NOT NULL DEFAULT 'Person' CHECK (type IN ('Person', 'Company')),
${syncFieldColumns}
  company_number text NOT NULL DEFAULT '',
  territory_code text NOT NULL DEFAULT '',
  salesperson_code text NOT NULL DEFAULT '',
  privacy_blocked boolean NOT NULL DEFAULT false,
  -- Bumped on every write; the facade derives the etag from it.
  row_version bigint NOT NULL DEFAULT 1,
  last_modified timestamptz NOT NULL DEFAULT now(),
  -- Tombstone: a deleted contact stays so delta reads can report its id.
  deleted_at timestamptz NULL,
  UNIQUE (company_id, number)
);
CREATE INDEX bc_contacts_company_modified ON bc_contacts (company_id, last_modified);
CREATE INDEX bc_contacts_company_deleted ON bc_contacts (company_id, deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX bc_contacts_company_email ON bc_contacts (company_id, lower(email));

CREATE TABLE sync_settings (
  user_id text PRIMARY KEY,
  settings jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sync_cursors (
  user_id text NOT NULL,
  folder_id text NOT NULL,
  -- Kept as text: the watermark is the service's own string and must come back unchanged.
  bc_watermark text NULL,
  delta_link text NULL,
  filter_key text NOT NULL,
  PRIMARY KEY (user_id, folder_id)
);

CREATE TABLE sync_links (
  user_id text NOT NULL,
  folder_id text NOT NULL,
  bc_id text NOT NULL,
  outlook_id text NOT NULL,
  base jsonb NOT NULL,
  bc_etag text NOT NULL,
  outlook_change_key text NOT NULL,
  PRIMARY KEY (user_id, folder_id, bc_id),
  -- Checked at the end of each statement, so one batch may swap Outlook ids between links.
  CONSTRAINT sync_links_outlook_unique UNIQUE (user_id, folder_id, outlook_id) DEFERRABLE INITIALLY IMMEDIATE
);

CREATE TABLE sync_pending_creates (
  user_id text NOT NULL,
  folder_id text NOT NULL,
  bc_id text NOT NULL,
  PRIMARY KEY (user_id, folder_id, bc_id)
);

CREATE TABLE sync_leases (
  key text PRIMARY KEY,
  owner text NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE TABLE sync_runs (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  started_at timestamptz NOT NULL,
  record jsonb NOT NULL
);
CREATE INDEX sync_runs_user_started ON sync_runs (user_id, started_at DESC, id DESC);

-- Per-item progress of a run (for the pane's progress view and resumption).
CREATE TABLE sync_run_items (
  run_id text NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, seq)
);

CREATE TABLE sync_conflicts (
  user_id text NOT NULL,
  folder_id text NOT NULL,
  bc_id text NOT NULL,
  outlook_id text NOT NULL,
  record jsonb NOT NULL,
  PRIMARY KEY (user_id, folder_id, bc_id)
);

CREATE TABLE sync_skipped (
  user_id text NOT NULL,
  folder_id text NOT NULL,
  key text NOT NULL,
  record jsonb NOT NULL,
  PRIMARY KEY (user_id, folder_id, key)
);
`;
