import type { Clock } from '../../core/ports.js';
import type { Db } from '../../store/db.js';
import { recordUser, usersByUpn } from '../../store/users.js';
import { quotedRefusal } from '../quoted-refusal.js';
import { DEV_TENANT_ID, devObjectId, devUserKey, displayNameOf } from './dev-issuer.js';
import type { UserIdentity } from './identity.js';
import { parseUserKey } from './identity.js';

/** The users the facade has seen, keyed by tenant id + object id (src/store/users.ts). */
export interface UserDirectory {
  /** Records a verified user (first sight claims their pre-upgrade data); cheap when nothing changed. */
  seen(user: UserIdentity): Promise<void>;
  /**
   * The user key for a CLI or admin argument: a key `<tid>:<oid>` as is, or a UPN of a user who has
   * signed in (in dev mode also one who has not: dev tokens derive the oid from the UPN).
   * Throws HttpError 404 (no such user) or 409 (the UPN names several users: pass the key).
   * `signedInOnly`: a UPN must have signed in, in dev mode too (the admin API never invents users).
   */
  resolve(userOrUpn: string, options?: { readonly signedInOnly?: boolean }): Promise<string>;
}

/**
 * The reasons (HttpError details) of a user argument the directory cannot resolve: bad input, which
 * the CLI exits 2 on (cli/config-refusals.ts); the codes stay those the admin API always answered.
 */
export const USER_UNKNOWN = 'unknownUser';
export const USER_NOT_UNIQUE = 'upnNotUnique';

export function sqlUserDirectory(db: Db, clock: Clock, devMode: boolean): UserDirectory {
  // What was last written per user: a request whose token says the same writes nothing.
  const known = new Map<string, string>();
  const seen: UserDirectory['seen'] = async (user) => {
    const fingerprint = `${user.upn}\n${user.name}`;
    if (known.get(user.userId) === fingerprint) return;
    await recordUser(
      db,
      { userId: user.userId, tenantId: user.tenantId, oid: user.oid, upn: user.upn, displayName: user.name },
      clock.now(),
    );
    known.set(user.userId, fingerprint);
  };
  return {
    seen,
    resolve: async (text, options = {}) => {
      const key = parseUserKey(text.trim().toLowerCase());
      if (key) return `${key.tenantId}:${key.oid}`;
      const found = await usersByUpn(db, text);
      if (found.length === 1) return found[0]!.userId;
      if (found.length > 1) {
        throw quotedRefusal(
          409,
          'Conflict_UpnNotUnique',
          { name: 'upn', value: text },
          (shown) =>
            `${shown} has named ${found.length} different users (a reassigned UPN); pass the user key <tenant id>:<object id>: ${found.map((u) => u.userId).join(', ')}.`,
          { target: 'user', kind: USER_NOT_UNIQUE },
        );
      }
      if (!devMode || options.signedInOnly === true) {
        throw quotedRefusal(
          404,
          'BadRequest_NotFound',
          { name: 'upn', value: text },
          (shown) =>
            `No user with the UPN ${shown} has signed in to the facade; pass the user key <tenant id>:<object id>.`,
          { target: 'user', kind: USER_UNKNOWN },
        );
      }
      const upn = text.trim();
      await seen({
        kind: 'user',
        userId: devUserKey(upn),
        tenantId: DEV_TENANT_ID,
        oid: devObjectId(upn),
        upn,
        name: displayNameOf(upn),
        scopes: [],
      });
      return devUserKey(upn);
    },
  };
}
