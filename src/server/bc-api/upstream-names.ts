/**
 * BC's API v2.0 contact has only `displayName` (reference §5: First Name, Middle Name, Surname,
 * Initials are not exposed). In upstream mode the facade derives the parts from the name and, on a
 * write that changes only the parts, composes the name from them.
 */
export interface NameParts {
  readonly firstName: string;
  readonly middleName: string;
  readonly surname: string;
  readonly initials: string;
}

export const NO_NAME_PARTS: NameParts = { firstName: '', middleName: '', surname: '', initials: '' };

/** "Ann Marie van Dyke" → first Ann, middle "Marie van", surname Dyke; one word is a first name. */
export function splitDisplayName(displayName: string): NameParts {
  const words = displayName
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return NO_NAME_PARTS;
  const firstName = words[0]!;
  const surname = words.length > 1 ? words[words.length - 1]! : '';
  const middleName = words.slice(1, -1).join(' ');
  return { firstName, middleName, surname, initials: initialsOf(firstName, middleName, surname) };
}

function initialsOf(...parts: readonly string[]): string {
  return parts
    .flatMap((p) => p.split(/\s+/))
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

export function composeDisplayName(parts: Pick<NameParts, 'firstName' | 'middleName' | 'surname'>): string {
  return [parts.firstName, parts.middleName, parts.surname]
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join(' ');
}
