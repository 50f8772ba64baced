import { expect } from '@open-wc/testing';
import type { DraftFileChunkRecord } from '../../src/core/store/database.js';
import type { SealErrorEvent } from '../../src/events/error.js';
import { MemoryRelay, type SealClient } from '../../src/index.js';
import { setLocale } from '../../src/localize/localize.js';
import * as stories from '../../stories/composer.stories.js';
import { disposeScenarios } from '../../stories/support/scenario.js';
import { pngBytes } from '../helpers/attachments.js';
import { cleanupClients, createUser, nextEvent, rejectsWith, testDatabaseName, waitFor } from '../helpers/clients.js';
import { field, renderComposer, settled, shadow, text } from '../helpers/composer-page.js';
import { flipped, storedRecords, storyDatabaseWithDraft, tamper, textFile } from '../helpers/stored-records.js';

const content = { to: [], subject: 'Insurance', body: 'Claim form attached', threadId: null, replyTo: null };

const files = () => [
  { key: 'letter', file: textFile('claim.txt', 'CLAIM-FORM', 2500) },
  { key: 'scan', file: new File([pngBytes(3000)], 'scan.png', { type: 'image/png' }) },
];

describe('attack: a stored draft file is altered on disk', () => {
  afterEach(async () => {
    setLocale('en');
    await disposeScenarios();
    await cleanupClients();
  });

  async function saved(): Promise<{ ana: SealClient; database: string; id: string }> {
    const database = testDatabaseName('ana');
    const ana = await createUser(new MemoryRelay().connect('ana'), 'ana', { databaseName: database, attachmentChunkSize: 1024 });
    const { id } = await ana.saveDraft({ ...content, files: files() });
    return { ana, database, id };
  }

  it('a flipped bit anywhere in any chunk is refused with TAMPERED, and no file comes out', async function () {
    // Thirty tampered opens.
    this.timeout(90_000);
    const { ana, database, id } = await saved();
    const original = (await storedRecords(database, 'draftFiles')) as DraftFileChunkRecord[];
    expect(original).to.have.length(3 + 3);
    const order = (await ana.openDraft(id)).files.map((file) => file.key);
    const fileOf = async (record: DraftFileChunkRecord) => {
      // Which of the draft's files a chunk belongs to: the one that fails when it is broken.
      await tamper(database, () => ({ put: [flipped(record, 0)] }));
      const error = await rejectsWith(ana.openDraftFiles(id), 'TAMPERED');
      await tamper(database, () => ({ put: [record] }));
      return (error as unknown as { details: { file: number } }).details.file;
    };
    for (const record of original) {
      const file = await fileOf(record);
      expect(order[file]).to.be.oneOf(['letter', 'scan']);
      for (const position of [0, 20, Math.floor(record.bytes.length / 2), record.bytes.length - 1]) {
        await tamper(database, () => ({ put: [flipped(record, position)] }));
        const error = await rejectsWith(ana.openDraftFiles(id), 'TAMPERED');
        expect((error as unknown as { details: Record<string, unknown> }).details).to.include({ draftId: id, file, reason: 'ATTACHMENT_CHUNK_MISMATCH' });
        await tamper(database, () => ({ put: [record] }));
      }
    }
    // Put back, the files open again: the failures above came from the flipped bits alone.
    expect((await ana.openDraftFiles(id)).map((file) => file.file.name)).to.deep.equal(['claim.txt', 'scan.png']);
  });

  it('a chunk swapped for another one signed by the same user, or removed, is refused too', async () => {
    const { ana, database, id } = await saved();
    const other = await ana.saveDraft({ ...content, files: files() });
    const chunks = (await storedRecords(database, 'draftFiles')) as DraftFileChunkRecord[];
    const mine = chunks.filter((record) => record.draftId === id);
    const theirs = chunks.filter((record) => record.draftId === other.id);
    // The other draft's chunk at the same place: valid OpenPGP, signed by Ana, but not the one this draft lists.
    const target = mine[1]!;
    const swapped = theirs.find((record) => record.index === target.index && record.bytes.length === target.bytes.length) ?? theirs[1]!;
    await tamper(database, () => ({ put: [{ ...target, bytes: swapped.bytes }] }));
    const swapError = await rejectsWith(ana.openDraftFiles(id), 'TAMPERED');
    expect((swapError as unknown as { details: Record<string, unknown> }).details.reason).to.equal('ATTACHMENT_CHUNK_MISMATCH');

    await tamper(database, () => ({ put: [target], remove: [mine[2]!] }));
    const missing = await rejectsWith(ana.openDraftFiles(id), 'TAMPERED');
    expect((missing as unknown as { details: Record<string, unknown> }).details.reason).to.equal('ATTACHMENT_TRUNCATED');
    // The other draft is untouched.
    expect(await ana.openDraftFiles(other.id)).to.have.length(2);
  });

  it('the composer says the files were damaged, offers none of them, and keeps the text usable', async function () {
    this.timeout(90_000);
    const { el: first, client } = await renderComposer(meta(), stories.NewMessage);
    first.remove();
    const { id } = await client.saveDraft({ ...content, files: files() });
    const database = await storyDatabaseWithDraft(id);
    await tamper(database, (chunks) => ({ put: [flipped(chunks.find((record) => record.draftId === id)!, 30)] }));

    const { el } = await renderComposer(meta(), stories.NewMessage);
    const reported = nextEvent<SealErrorEvent>(el, 'seal-error', 10_000);
    el.client = client;
    el.draftId = id;
    expect((await reported).detail).to.deep.equal({ code: 'TAMPERED', operation: 'restore-draft-files' });
    await settled(el);
    const alert = await waitFor(() => shadow(el).querySelector('[part~="error"][role="alert"]'), 5000, 'the alert');
    expect(text(alert)).to.equal('The files saved with this draft were damaged or changed, so they were not restored. Your text is here; attach the files again.');
    expect(shadow(el).querySelectorAll('[part~="attachment"]')).to.have.length(0);
    expect(field(el, 'Message').value).to.equal('Claim form attached');
    expect(shadow(el).querySelector('fieldset')!.disabled).to.equal(false);
    await expect(el).to.be.accessible();
  });
});

function meta(): unknown {
  return stories.default;
}

