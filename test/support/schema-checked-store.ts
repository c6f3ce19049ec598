import AjvCompiler from '@fastify/ajv-compiler';
import type { Link } from '../../src/core/link.js';
import type { ConflictEntry, SkipEntry, SyncScope } from '../../src/core/ports.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { conflictsBody, linksBody, skippedBody } from '../../src/server/sync/schemas.js';

/** The sync API's body validation, with the server's own options (src/server/validation.ts). */
const compile = AjvCompiler()(
  {},
  { customOptions: { allowUnionTypes: true, removeAdditional: false, coerceTypes: false } },
);
const bodyCheck = (schema: object) => compile({ schema, method: 'POST', url: '/state', httpPart: 'body' });
const CHECKS = {
  links: bodyCheck(linksBody),
  conflicts: bodyCheck(conflictsBody),
  skipped: bodyCheck(skippedBody),
};

function check(kind: keyof typeof CHECKS, body: object): void {
  const validate = CHECKS[kind];
  if (!validate(body))
    throw new Error(`the sync API would refuse these ${kind} (HTTP 400): ${JSON.stringify(validate.errors)}`);
}

/**
 * The in-memory state store, refusing (entry by entry: the HTTP store sends them in chunks) what the sync API's bodies refuse: every link, conflict and
 * skip a core run stores in a test would reach the facade the same way from the pane's engine
 * (HttpSyncStateStore), where a value the schema lacks fails the run with storeFailed (a
 * deletedInBc conflict's outlookChangeKey did, found by test/e2e/skip-hints).
 */
export class SchemaCheckedStore extends MemorySyncStateStore {
  override async upsertLinks(scope: SyncScope, links: readonly Link[]): Promise<void> {
    for (const link of links) check('links', { links: [link] });
    return super.upsertLinks(scope, links);
  }

  override async putConflicts(
    scope: SyncScope,
    upserts: readonly ConflictEntry[],
    remove: readonly string[],
  ): Promise<void> {
    for (const c of upserts) check('conflicts', { upserts: [c], remove: [] });
    return super.putConflicts(scope, upserts, remove);
  }

  override async putSkipped(
    scope: SyncScope,
    entries: readonly SkipEntry[],
    options: { readonly replace: boolean; readonly remove?: readonly string[] },
  ): Promise<void> {
    for (const e of entries) check('skipped', { entries: [e], replace: false });
    return super.putSkipped(scope, entries, options);
  }
}
