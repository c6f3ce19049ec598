import { describe, expect, test } from '@jest/globals';
import { answeredConfigRefusal, thrownConfigRefusal } from '../../src/cli/config-refusals.js';
import { UsageError } from '../../src/cli/arguments.js';
import { USER_NOT_UNIQUE, USER_UNKNOWN } from '../../src/server/auth/user-directory.js';
import { HttpError } from '../../src/server/http-error.js';
import { noCompanyMembership } from '../../src/server/embedded/run-company.js';
import { NO_MEMBERSHIP_CODE } from '../../src/server/sync/run-refusals.js';

// A new user's stumble: `sync --user nobody@contoso.com` exited 2 with "This user is not a member of
// any Business Central company …", not saying which address it had looked up. Every refusal the CLI
// words as `sync: …` (exit 2, bad input about the user) names the --user it refuses, whichever way
// it met the refusal: thrown in its own process, or answered by the running server (with the reason
// as data, or by the membership code alone as servers before F118 sent it).

const USER = 'nobody@contoso.com';

/** Each kind of user refusal as its producer makes it (the server's words, the reason as data). */
const refusals: { kind: string; error: HttpError | ReturnType<typeof noCompanyMembership> }[] = [
  { kind: 'noCompanyMembership', error: noCompanyMembership() },
  {
    kind: USER_UNKNOWN,
    error: new HttpError(
      404,
      'BadRequest_NotFound',
      `No user with the UPN ${USER} has signed in to the facade.`,
      [{ target: 'user', message: '', reason: { kind: USER_UNKNOWN, upn: USER } }],
    ),
  },
  {
    kind: USER_NOT_UNIQUE,
    error: new HttpError(
      409,
      'Conflict_UpnNotUnique',
      `${USER} has named 2 different users (a reassigned UPN).`,
      [{ target: 'user', message: '', reason: { kind: USER_NOT_UNIQUE, upn: USER } }],
    ),
  },
];

/** The body the server answers for an error (its code, words and the reason as data). */
function body(error: HttpError | ReturnType<typeof noCompanyMembership>) {
  const kind = error instanceof HttpError ? error.details?.[0]?.reason?.kind : error.reason;
  return {
    code: error instanceof HttpError ? error.code : NO_MEMBERSHIP_CODE,
    message: error.message,
    details: [{ reason: { kind } }],
  };
}

describe.each(refusals)('$kind: the one line names the --user it refuses', ({ error }) => {
  test('thrown in the CLI’s own process', () => {
    const refusal = thrownConfigRefusal(error, USER);
    expect(refusal).toBeInstanceOf(UsageError);
    expect(refusal?.message).toMatch(/^sync: /);
    expect(refusal?.message).toContain(USER);
  });

  test('answered by the running server', () => {
    const refusal = answeredConfigRefusal(body(error), USER);
    expect(refusal).toBeInstanceOf(UsageError);
    expect(refusal?.message).toContain(USER);
  });
});

test('no company membership, as the CLI says it (the example: sync --user nobody@…)', () => {
  expect(
    answeredConfigRefusal({ code: NO_MEMBERSHIP_CODE, message: 'This user is not a member.' }, USER)?.message,
  ).toBe(
    `sync: ${USER} is not a member of any Business Central company on this facade; an administrator grants access (README "Company access").`,
  );
});
