// The names an element shows while a contact's record changes: the known name stays until the new one
// arrives, so a button or heading never reads as the bare user id in between.
import { expect } from '@open-wc/testing';
import type { SealClient } from '../../src/core/client.js';
import type { Contact } from '../../src/core/contacts/contact.js';
import { ContactNames } from '../../src/elements/inbox/contact-names.js';

const host = { addController() {}, removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) };

describe('ContactNames', () => {
  it('keeps showing the known name while a changed record is read again', async () => {
    const answers: ((contact: Contact) => void)[] = [];
    // Only the one call ContactNames makes; each answer is given when the test says so.
    const client = { getContact: () => new Promise<Contact>((resolve) => answers.push(resolve)) } as unknown as SealClient;
    const names = new ContactNames(host, () => client);
    const lee = { userId: 'dr-lee', displayName: 'Dr. Lee' } as Contact;

    const first = names.want(['dr-lee']);
    expect(names.name('dr-lee')).to.equal('dr-lee');
    answers.shift()!(lee);
    await first;
    expect(names.name('dr-lee')).to.equal('Dr. Lee');

    const refreshed = names.refresh('dr-lee');
    expect(names.name('dr-lee')).to.equal('Dr. Lee');
    answers.shift()!({ ...lee, displayName: 'Dr. Leigh' });
    await refreshed;
    expect(names.name('dr-lee')).to.equal('Dr. Leigh');
  });
});
