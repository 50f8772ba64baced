import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import '../../src/elements/provider/seal-provider.js';
import '../../src/elements/composer/seal-composer.js';
import type { SealComposer } from '../../src/elements/composer/composer.js';
import { MemoryRelay } from '../../src/index.js';
import { textOnly } from '../../stories/support/text-only-transport.js';
import { cleanupClients, createUser, openClient, PASSPHRASE, testDatabaseName, waitFor } from '../helpers/clients.js';
import { field, fill, queryButton, shadow, text } from '../helpers/composer-page.js';

describe('<seal-composer> draft files it cannot show', () => {
  afterEach(cleanupClients);

  it('keeps a draft’s files saved when the portal cannot carry them, while the text is edited and saved', async () => {
    const relay = new MemoryRelay();
    const databaseName = testDatabaseName('ana');
    const ana = await createUser(relay.connect('ana'), 'ana', { databaseName });
    await createUser(relay.connect('lee'), 'lee');
    const letter = new File(['Referral letter, page 1\n'], 'referral.txt', { type: 'text/plain' });
    const info = await ana.saveDraft({ to: ['lee'], subject: 'Referral', body: 'Draft text', threadId: null, replyTo: null, files: [{ key: 'k-letter', file: letter }] });
    ana.close();

    // The same user, on a portal whose transport cannot carry files.
    const client = await openClient(textOnly(relay.connect('ana')), 'ana', { databaseName });
    await client.unlock(PASSPHRASE);
    const root = await fixture(html`<seal-provider .client=${client}><seal-composer draft-id=${info.id}></seal-composer></seal-provider>`);
    const el = root.querySelector<SealComposer>('seal-composer')!;
    await waitFor(() => field(el, 'Subject').value === 'Referral', 10_000, 'the draft');
    await waitFor(() => text(shadow(el).querySelector('[part~="attachment-problems"]')).includes('This portal cannot send files'), 10_000, 'the message');
    expect(Boolean(queryButton(el, 'Attach files'))).to.equal(false);

    await fill(el, field<HTMLTextAreaElement>(el, 'Message'), 'Draft text, edited');
    await waitFor(async () => (await client.openDraft(info.id)).body === 'Draft text, edited', 10_000, 'the edit saved');
    const saved = await client.openDraft(info.id);
    expect(saved.files.map((file) => file.name)).to.deep.equal(['referral.txt']);
    const [kept] = await client.openDraftFiles(info.id);
    expect(await kept!.file.text()).to.equal('Referral letter, page 1\n');
  });
});
