import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { runBcContactsContract } from '../contracts/bc-contacts.contract.js';
import { runMailboxContract } from '../contracts/mailbox.contract.js';

runMailboxContract('in-memory fake', async () => {
  const mailbox = new MemoryMailbox();
  return {
    mailbox,
    teardown: async () => undefined,
    user: {
      renameFolder: async (id, name) => mailbox.userRenameFolder(id, name),
      deleteFolder: async (id) => mailbox.userDeleteFolder(id),
      setOutlookOnly: async (_folderId, id, property, holds) => {
        mailbox.userSetOutlookOnly(id, property, holds);
      },
    },
  };
});

runBcContactsContract('in-memory fake', async () => {
  const clock = new ManualClock();
  const bc = new MemoryBcContacts(clock);
  return {
    bc,
    removeContact: async (id) => bc.remove(id),
    renumberContact: async (id, number) => void bc.edit(id, { number }),
    tick: async () => clock.advance(1000),
    teardown: async () => undefined,
  };
});
