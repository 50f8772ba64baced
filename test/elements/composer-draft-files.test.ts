import { expect } from '@open-wc/testing';
import type { SealComposer } from '../../src/elements/composer/composer.js';
import type { SealAfterSendEvent } from '../../src/events/after-send.js';
import { createSealClient, type SealClient } from '../../src/index.js';
import { setLocale } from '../../src/localize/localize.js';
import * as stories from '../../stories/composer.stories.js';
import { chooseFiles, everydayFiles } from '../../stories/support/attachment-files.js';
import { disposeScenarios, STORY_PASSPHRASE } from '../../stories/support/scenario.js';
import { cleanupClients, nextEvent, waitFor } from '../helpers/clients.js';
import { button, field, fill, renderComposer, shadow, text, waitForText } from '../helpers/composer-page.js';
import { bytesOf } from '../helpers/attachments.js';
import { storedRecords, storyDatabaseWithDraft } from '../helpers/stored-records.js';
import { shown } from '../helpers/stories.js';

const { default: meta } = stories;

const listed = (el: SealComposer) => [...shadow(el).querySelectorAll<HTMLElement>('[part~="attachment"] [part~="file-name"]')].map(text);
const fileInput = (el: SealComposer) => shadow(el).querySelector<HTMLInputElement>('input[type="file"]')!;

function waitForFiles(el: SealComposer, names: readonly string[]): Promise<true> {
  return waitFor(() => JSON.stringify(listed(el)) === JSON.stringify(names), 10_000, `files ${names.join(', ')} listed`) as Promise<true>;
}



describe('<seal-composer> draft files', () => {
  let reopened: SealClient | undefined;
  afterEach(async () => {
    reopened?.close();
    reopened = undefined;
    setLocale('en');
    await disposeScenarios();
    await cleanupClients();
  });

  it('saves the chosen files with the draft, brings them back after a reload, and sends them', async function () {
    // Two composers, three files encrypted for the draft and again for sending, and a delivery.
    this.timeout(120_000);
    const { el, client, scenario } = await renderComposer(meta, stories.VerifiedRecipient);
    const saving = shown(el, '[part~="draft-files-status"]');
    const originals = await everydayFiles();
    chooseFiles(fileInput(el), originals);
    await waitForFiles(el, ['referral-letter.pdf', 'rash-photo.png', 'glucose-log.txt']);
    await fill(el, field(el, 'Message'), 'The letter and a photo are attached.');
    await waitForText(el, 'Draft saved', 10_000);
    expect(saving).to.include('Encrypting the files for your draft…');
    const [info] = await client.listDrafts();
    expect((await client.openDraft(info!.id)).files.map((file) => file.name)).to.deep.equal(['referral-letter.pdf', 'rash-photo.png', 'glucose-log.txt']);

    // A reload: a new client on the same database, a new composer given the draft.
    const database = await storyDatabaseWithDraft(info!.id);
    client.close();
    reopened = await createSealClient({ transport: scenario.relay.connect('ana'), userId: 'ana', databaseName: database, keyProtection: 'iterated', pollIntervalMs: 0 });
    await reopened.unlock(STORY_PASSPHRASE);
    const { el: resumed } = await renderComposer(meta, stories.NewMessage);
    const notices = shown(resumed, '[part~="notice"]');
    resumed.client = reopened;
    resumed.draftId = info!.id;
    await waitForFiles(resumed, ['referral-letter.pdf', 'rash-photo.png', 'glucose-log.txt']);
    await waitFor(() => shadow(resumed).querySelector('form')!.getAttribute('aria-busy') === 'false', 5000, 'the form to be ready');
    expect(notices).to.include('Restoring the 3 files saved with this draft…');
    expect(field(resumed, 'Message').value).to.equal('The letter and a photo are attached.');
    expect(shadow(resumed).querySelector('fieldset')!.disabled).to.equal(false);
    await expect(resumed).to.be.accessible();

    // Typing again saves the text; the stored files are kept as they were, not encrypted again.
    const stored = await storedRecords(database, 'draftFiles');
    expect(stored).to.have.length(3);
    await fill(resumed, field(resumed, 'Message'), 'The letter and a photo are attached. Thank you!');
    await waitFor(async () => (await reopened!.openDraft(info!.id)).body.endsWith('Thank you!'), 10_000, 'the edit to be saved');
    expect(await storedRecords(database, 'draftFiles')).to.deep.equal(stored);

    // Removing a file removes it from the saved draft.
    button(resumed, 'Remove rash-photo.png').click();
    await waitFor(async () => (await reopened!.openDraft(info!.id)).files.length === 2, 10_000, 'the removal to be saved');
    expect(await storedRecords(database, 'draftFiles')).to.have.length(2);

    const after = nextEvent<SealAfterSendEvent>(resumed, 'seal-after-send', 20_000);
    button(resumed, 'Send').click();
    const { messageId } = (await after).detail;
    await waitForText(resumed, 'To Dr. Lee: Sent', 20_000);
    expect(listed(resumed)).to.deep.equal([]);
    expect(await reopened.listDrafts()).to.deep.equal([]);
    expect(await storedRecords(database, 'draftFiles')).to.deep.equal([]);

    const lee = scenario.clients['dr-lee']!;
    await lee.sync();
    const message = await lee.openMessage(messageId);
    if (message.status === 'invalid') throw new Error('The message did not verify');
    expect(message.attachments.map((attachment) => attachment.name)).to.deep.equal(['referral-letter.pdf', 'glucose-log.txt']);
    for (const [i, attachment] of message.attachments.entries()) {
      expect(await bytesOf(await lee.openAttachment(messageId, attachment.id))).to.deep.equal(await bytesOf(originals[i === 0 ? 0 : 2]!));
    }
  });

  it('hides the files while the vault is locked and restores them on unlock', async () => {
    const { el, client } = await renderComposer(meta, stories.VerifiedRecipient);
    chooseFiles(fileInput(el), await everydayFiles());
    await waitForFiles(el, ['referral-letter.pdf', 'rash-photo.png', 'glucose-log.txt']);
    await waitForText(el, 'Draft saved', 10_000);
    await client.lock();
    await waitForText(el, 'Sealbox is locked.');
    expect(listed(el)).to.deep.equal([]);
    await client.unlock(STORY_PASSPHRASE);
    await waitForFiles(el, ['referral-letter.pdf', 'rash-photo.png', 'glucose-log.txt']);
    await expect(el).to.be.accessible();
  });
});
