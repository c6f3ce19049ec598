/**
 * Whether `text` is an e-mail address Business Central's E-Mail field takes. BC validates the field
 * with Mail Management's CheckValidEmailAddress, which (in current versions) hands it to the Email
 * module's ValidateEmailAddress: the text must parse as a .NET MailAddress and that address must be
 * the whole text, so a display name ("x<y>@example.com") is refused (System Application, Email
 * Account Impl., ValidateEmailAddress; older versions checked only one '@', not first or last,
 * and no space). A MailAddress is RFC 5322's addr-spec: a dot-atom or quoted local part, '@', a
 * dot-atom domain or a [literal]. Dot-atoms have no empty atom, so "x@example..com", a leading or
 * trailing dot ("x@example.com.") and "x.@example.com" are refused. Non-ASCII letters are taken
 * (.NET accepts them; F57: "jörg@…"). Length is checked apart (BC_FIELD_LENGTHS). Linear time: the
 * patterns have no nested quantifiers.
 */
export function isBcEmail(text: string): boolean {
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return false;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  return (LOCAL_QUOTED.test(local) || isDotAtom(local)) && (DOMAIN_LITERAL.test(domain) || isDotAtom(domain));
}

/** RFC 5322 atext, plus every non-ASCII character that is not a space or control (as .NET). */
const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10FFFF}]+$/u;
const NOT_TEXT = /[\s\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const LOCAL_QUOTED = /^"[^"\\\r\n\p{Cc}]*"$/u;
const DOMAIN_LITERAL = /^\[[^[\]\\\s]*\]$/;

function isDotAtom(part: string): boolean {
  if (NOT_TEXT.test(part)) return false;
  return part.split('.').every((atom) => ATEXT.test(atom));
}
