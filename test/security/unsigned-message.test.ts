import { expect } from '@open-wc/testing';
import { MemoryRelay, type InvalidMessage } from '../../src/index.js';
import { envelopeJson, fillRouting, inject, openpgp, publishedKey } from '../helpers/attacker.js';
import { cleanupClients, createUser } from '../helpers/clients.js';

describe('attack: unsigned message claiming to come from a contact', () => {
  afterEach(cleanupClients);

  it('is rejected as NOT_SIGNED and its content is withheld', async () => {
    const relay = new MemoryRelay();
    await createUser(relay.connect('ana'), 'ana');
    const lee = await createUser(relay.connect('lee'), 'lee');
    const routing = fillRouting({ from: 'ana', to: ['lee'] });
    const message = await openpgp.createMessage({ text: envelopeJson(routing, 'Urgent', 'Stop taking your medication') });
    const ciphertext = await openpgp.encrypt({ message, encryptionKeys: await publishedKey(relay, 'lee') });
    await inject(relay, routing, ciphertext);

    await lee.sync();
    const opened = (await lee.openMessage(routing.id)) as InvalidMessage;
    expect(opened.status).to.equal('invalid');
    expect(opened.error.code).to.equal('NOT_SIGNED');
    expect(opened).to.not.have.property('body');
    expect(JSON.stringify(opened)).to.not.contain('medication');
    expect((await lee.getThread(routing.threadId))!.lastMessageStatus).to.equal('invalid');
  });
});
