import { expect } from '@open-wc/testing';
import { MemoryRelay } from '../../src/index.js';
import { cleanupClients, createUser, rejectsWith } from '../helpers/clients.js';

describe('drafts', () => {
  afterEach(cleanupClients);

  it('saves, lists, reopens, overwrites and deletes encrypted drafts', async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana');
    const content = { to: ['dr-lee'], subject: 'Half written', body: 'My knee still hurts when', threadId: null, replyTo: null };
    const saved = await ana.saveDraft(content);
    expect(await ana.listDrafts()).to.deep.equal([saved]);
    expect(await ana.openDraft(saved.id)).to.deep.include({ ...content, id: saved.id });

    const updated = await ana.saveDraft({ ...content, body: 'My knee still hurts when I climb stairs' }, saved.id);
    expect(updated.id).to.equal(saved.id);
    expect((await ana.listDrafts()).length).to.equal(1);
    expect((await ana.openDraft(saved.id)).body).to.equal('My knee still hurts when I climb stairs');

    await ana.lock();
    await rejectsWith(ana.openDraft(saved.id), 'LOCKED');
    expect((await ana.listDrafts()).map((draft) => draft.id)).to.deep.equal([saved.id]);

    await ana.deleteDraft(saved.id);
    expect(await ana.listDrafts()).to.deep.equal([]);
  });

  it('deletes the draft once its message is committed to the outbox', async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana');
    await createUser(relay.connect('dr-lee'), 'dr-lee');
    const draft = await ana.saveDraft({ to: ['dr-lee'], subject: 's', body: 'b', threadId: null, replyTo: null });
    await ana.send({ to: ['dr-lee'], subject: 's', body: 'b', draftId: draft.id });
    expect(await ana.listDrafts()).to.deep.equal([]);
  });
});
