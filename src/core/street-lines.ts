// How Outlook's one street holds BC's two address lines.

// Module constants: a regular expression literal in a function makes a new RegExp object per call.
export const LINE_BREAKS = /\r\n|\r|\n/;

/**
 * Whether `text` holds a line break (CR or LF). Two scans for one character each, not a regular
 * expression: asked of every value BC is sent and every Outlook street the planner reads (issue 12 §2).
 */
export function hasLineBreak(text: string): boolean {
  return text.includes('\n') || text.includes('\r');
}

/** Address and Address 2 go into one Outlook street, joined with CRLF. */
export function joinStreet(addressLine1: string, addressLine2: string): string {
  return addressLine2 === '' ? addressLine1 : `${addressLine1}\r\n${addressLine2}`;
}

/**
 * Splits an Outlook street into lines at CRLF, LF (Outlook on the web may drop the CR) or a lone CR.
 * Lines after the second stay in Address 2 with their line breaks so nothing is lost; validation
 * then refuses the contact for BC (it is never half written, issue 8 §2).
 */
export function splitStreet(street: string): { addressLine1: string; addressLine2: string } {
  if (!hasLineBreak(street)) return { addressLine1: street, addressLine2: '' };
  const lines = street.split(LINE_BREAKS);
  return { addressLine1: lines[0] ?? '', addressLine2: lines.slice(1).join('\r\n') };
}
