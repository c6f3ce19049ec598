import { PortFailure } from './port-errors.js';
import type { MailFolder, Mailbox, PageBeat } from './ports.js';
import { readFolderInFull } from './run-folder-reads.js';

/** The folder a run made once it may write, and where its delta starts. */
export interface FolderMade {
  readonly folder: MailFolder;
  /** The folder's delta link as made (or as read, when found): the run's writes are read past it. */
  readonly deltaLink: string;
  /** Made now (its start link): every change from `deltaLink` on is the run's own. */
  readonly fromStart: boolean;
}

/**
 * The sync folder of `folderName`, made once the run may write: a run makes no folder in Outlook
 * before the company's access is known (leaks item 4: a run refused at its first BC read left an
 * empty folder), so it reads and plans the folder that does not exist yet as an empty one (as a dry
 * run does) and makes it here, right before its first write. A folder the mailbox finds instead of
 * making (its create's answer was lost and it was found by name, or one of that name appeared since
 * the run looked) was planned as empty: it is read, and one that holds contacts stops the run
 * (`unavailable`: the next run reads and syncs it as the folder it is) rather than write copies
 * planned without them.
 * @throws PortFailure the folder's creation or read failed, or the folder found holds contacts.
 */
export async function makeRunFolder(
  mailbox: Mailbox,
  folderName: string,
  onPage?: PageBeat,
): Promise<FolderMade> {
  const folder = await mailbox.ensureFolder(folderName);
  if (folder.startLink !== undefined) return { folder, deltaLink: folder.startLink, fromStart: true };
  const read = await readFolderInFull(mailbox, folder.id, null, onPage);
  if (read.view.kind === 'snapshot' && read.view.contacts.length > 0)
    // A code, not words (core speaks data; the run records the kind): the folder found holds contacts.
    throw new PortFailure('unavailable', 'folderFoundWithContacts');
  return { folder, deltaLink: read.deltaLink, fromStart: false };
}
