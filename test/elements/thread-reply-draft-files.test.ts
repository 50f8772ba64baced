import { expect, fixture, html } from '@open-wc/testing';
import type { SealThread } from '../../src/elements/thread/thread.js';
import type { SealAfterSendEvent } from '../../src/events/after-send.js';
import type { SealErrorEvent } from '../../src/events/error.js';
import type { DraftFileChunkRecord } from '../../src/core/store/database.js';
import { setLocale } from '../../src/localize/localize.js';
import * as stories from '../../stories/thread.stories.js';
import { chooseFiles, everydayFiles } from '../../stories/support/attachment-files.js';
import { disposeScenarios } from '../../stories/support/scenario.js';
import { bytesOf } from '../helpers/attachments.js';
import { cleanupClients, nextEvent, waitFor } from '../helpers/clients.js';
import { flipped, storedRecords, tamper } from '../helpers/stored-records.js';
import { shown } from '../helpers/stories.js';
import { button, renderThread, replyBox, shadow, text, typeReply, waitForMessages } from '../helpers/thread-page.js';

const { default: meta } = stories;

const chosen = (el: SealThread) => [...shadow(el).querySelectorAll<HTMLElement>('[part~="reply"] [part~="attachment"] [part~="file-name"]')].map(text);
const fileInput = (el: SealThread) => shadow(el).querySelector<HTMLInputElement>('[part~="reply"] input[type="file"]')!;
const draftStatus = (el: SealThread) => text(shadow(el).querySelector('[part~="draft-status"]'));


describe('<seal-thread> reply drafts with files', () => {
  afterEach(async () => {
    setLocale('en');
    await disposeScenarios();
    await cleanupClients();
  });

  /** Ana writes a reply with two files and leaves it as a draft. */
  async function leftDraft() {
    const rendered = await renderThread(meta, stories.Conversation);
    const { el, client } = rendered;
    await waitForMessages(el, 2);
    const files = (await everydayFiles()).slice(1);
    chooseFiles(fileInput(el), files);
    await waitFor(() => chosen(el).length === 2, 10_000, 'the chosen files');
    await typeReply(el, 'The photo and my glucose log.');
    await waitFor(() => draftStatus(el) === 'Draft saved', 10_000, 'the draft saved');
    const [info] = await client.listDrafts();
    expect((await client.openDraft(info!.id)).files.map((file) => file.name)).to.deep.equal(files.map((file) => file.name));
    el.remove();
    return { ...rendered, files, draftId: info!.id };
  }

  it('keeps the files in the draft: the thread opened again restores them, and Send sends them and deletes the draft', async function () {
    this.timeout(90_000);
    const { client, scenario, threadId, files } = await leftDraft();

    const again = await fixture<SealThread>(html`<seal-thread .client=${client} thread-id=${threadId!}></seal-thread>`);
    const statuses = shown(again, '[part~="draft-files-status"]');
    await waitForMessages(again, 2);
    await waitFor(() => chosen(again).length === 2, 10_000, 'the files restored');
    expect(chosen(again)).to.deep.equal(files.map((file) => file.name));
    expect(replyBox(again).value).to.equal('The photo and my glucose log.');
    expect(statuses).to.include('Restoring the 2 files saved with this draft…');
    await waitFor(() => !button(again, 'Send').disabled, 5000, 'Send to be enabled');
    await expect(again).to.be.accessible();

    const after = nextEvent<SealAfterSendEvent>(again, 'seal-after-send', 20_000);
    button(again, 'Send').click();
    const { messageId } = (await after).detail;
    expect(await client.listDrafts()).to.have.length(0);
    await waitFor(() => chosen(again).length === 0, 5000, 'the reply box cleared');

    const lee = scenario.clients['dr-lee']!;
    await waitFor(async () => (await client.listOutbox()).length === 0, 20_000, 'delivery');
    await lee.sync();
    const opened = await lee.openMessage(messageId);
    if (opened.status === 'invalid') throw new Error('The reply did not verify');
    expect(opened.body).to.equal('The photo and my glucose log.');
    for (const [i, attachment] of opened.attachments.entries()) {
      expect(await bytesOf(await lee.openAttachment(messageId, attachment.id))).to.deep.equal(await bytesOf(files[i]!));
    }
  });

  it('says in words when the saved files were altered, restores the text, and does not offer the files', async function () {
    this.timeout(60_000);
    const { client, scenario, threadId, draftId } = await leftDraft();
    const database = scenario.databaseNames['ana']!;
    await tamper(database, (chunks: DraftFileChunkRecord[]) => ({ put: [flipped(chunks.find((record) => record.draftId === draftId)!, 40)] }));
    expect(await storedRecords(database, 'draftFiles')).to.not.have.length(0);

    setLocale('es');
    const errors: string[] = [];
    const again = await fixture<SealThread>(html`<seal-thread .client=${client} thread-id=${threadId!} @seal-error=${(event: SealErrorEvent) => errors.push(`${event.detail.operation} ${event.detail.code}`)}></seal-thread>`);
    await waitForMessages(again, 2);
    const alert = await waitFor(() => shadow(again).querySelector('[part~="draft-files-error"]'), 10_000, 'the problem said');
    expect(text(alert)).to.include('Los archivos guardados con este borrador se dañaron o modificaron');
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(errors).to.deep.equal(['restore-draft-files TAMPERED']);
    expect(replyBox(again).value).to.equal('The photo and my glucose log.');
    expect(chosen(again)).to.deep.equal([]);
    expect(button(again, 'Enviar').disabled).to.equal(false);
    await expect(again).to.be.accessible();
  });
});
