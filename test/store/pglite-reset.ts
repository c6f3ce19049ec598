import type { Db } from '../../src/store/db.js';

/**
 * A database's content: every table's rows and every sequence's position, in the schemas the
 * migrations made (schema_migrations included, so a reset never loses a version).
 */
export interface DbContent {
  /** Each row as its JSON text. */
  readonly tables: Readonly<Record<string, readonly string[]>>;
  readonly sequences: Readonly<Record<string, { readonly last: string; readonly called: boolean }>>;
}

const USER_SCHEMAS = `NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`;

const quoted = (name: string) =>
  name
    .split('.')
    .map((p) => `"${p.replaceAll('"', '""')}"`)
    .join('.');

/** The content of `db` now: rows sorted by their JSON text, so two reads of equal content compare equal. */
export async function dbContent(db: Db): Promise<DbContent> {
  const tables: Record<string, string[]> = {};
  const { rows: names } = await db.query<{ name: string }>(
    `SELECT schemaname || '.' || tablename AS name FROM pg_tables WHERE schemaname ${USER_SCHEMAS} ORDER BY 1`,
  );
  for (const { name } of names) {
    const { rows } = await db.query<{ row: string }>(
      `SELECT row_to_json(t)::text AS row FROM ${quoted(name)} t`,
    );
    tables[name] = rows.map((r) => r.row).sort();
  }
  const sequences: Record<string, { last: string; called: boolean }> = {};
  const { rows: seqs } = await db.query<{ name: string }>(
    `SELECT sequence_schema || '.' || sequence_name AS name FROM information_schema.sequences
      WHERE sequence_schema ${USER_SCHEMAS} ORDER BY 1`,
  );
  for (const { name } of seqs) {
    const [s] = (
      await db.query<{ last: string; called: boolean }>(
        `SELECT last_value::text AS last, is_called AS called FROM ${quoted(name)}`,
      )
    ).rows;
    sequences[name] = { last: s!.last, called: s!.called };
  }
  return { tables, sequences };
}

/**
 * Puts `db` back to `content` (read by dbContent from the fresh database): every table emptied and
 * refilled with its rows, every sequence set back. A test file then opens one PGlite and resets it
 * between tests instead of loading a template per test (4–7 s of CPU each; issue 12: CI time).
 * A table or sequence the content does not name (made since) is an error, not left behind.
 */
export async function resetDb(db: Db, content: DbContent): Promise<void> {
  const now = await dbContent(db);
  const extra = [
    ...Object.keys(now.tables).filter((t) => !(t in content.tables)),
    ...Object.keys(now.sequences).filter((s) => !(s in content.sequences)),
  ];
  if (extra.length > 0) throw new Error(`resetDb: made since the content was read: ${extra.join(', ')}`);
  const tables = Object.keys(content.tables);
  await db.transaction(async (tx) => {
    await tx.exec(`TRUNCATE ${tables.map(quoted).join(', ')}`);
    for (const table of tables) {
      const rows = content.tables[table]!;
      if (rows.length === 0) continue;
      await tx.query(
        `INSERT INTO ${quoted(table)} SELECT * FROM json_populate_recordset(NULL::${quoted(table)}, $1::json)`,
        [`[${rows.join(',')}]`],
      );
    }
    for (const [name, s] of Object.entries(content.sequences))
      await tx.query(`SELECT setval($1, $2::bigint, $3)`, [quoted(name), s.last, s.called]);
  });
}
