import { expect } from '@open-wc/testing';
import { MemoryRelay, type SealClient } from '../../src/index.js';
import { bytesOf } from '../helpers/attachments.js';
import { cleanupClients, createUser, openClient, PASSPHRASE, testDatabaseName } from '../helpers/clients.js';
import { textFile } from '../helpers/stored-records.js';

const CHUNK = 1024;
const empty = { to: ['dr-lee'], subject: 'Scan results', body: 'First words', threadId: null, replyTo: null };

/**
 * A file whose reads from `holdFrom` on wait until `release()`, the way a large file on a slow disk
 * keeps a save busy: `reading` resolves once such a read is asked for. Sealing reads one chunk ahead,
 * so when chunk 2 is asked for, chunk 0 is stored (and chunk 1 is being encrypted).
 */
function heldFile(file: File, holdFrom: number) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const reading = new Promise<void>((resolve) => (reached = resolve));
  class HeldFile extends File {
    override slice(start?: number, end?: number, contentType?: string): Blob {
      const part = super.slice(start, end, contentType);
      if ((start ?? 0) < holdFrom) return part;
      reached();
      const read = part.arrayBuffer.bind(part);
      Object.defineProperty(part, 'arrayBuffer', { value: async () => (await released, read()) });
      return part;
    }
  }
  return { file: new HeldFile([file], file.name, { type: file.type, lastModified: file.lastModified }), reading, release };
}

/**
 * The same draft open in two tabs of one browser profile: each tab has its own client on the shared
 * database. A save that stores a large file takes a while; whatever the other tab does meanwhile, a
 * saved draft must never list a file whose stored chunks are gone (the user's file would be lost,
 * and opening it would report tampering).
 */
describe('draft saves while another tab changes the same draft', () => {
  afterEach(cleanupClients);

  async function twoTabs(): Promise<{ tab: SealClient; other: SealClient }> {
    const relay = new MemoryRelay();
    const databaseName = testDatabaseName('ana');
    const tab = await createUser(relay.connect('ana'), 'ana', { databaseName, attachmentChunkSize: CHUNK });
    const other = await openClient(relay.connect('ana'), 'ana', { databaseName, attachmentChunkSize: CHUNK });
    await other.unlock(PASSPHRASE);
    return { tab, other };
  }

  it('keeps a file whose chunks a save in the other tab removed while they were being stored', async () => {
    const { tab, other } = await twoTabs();
    const { id } = await tab.saveDraft(empty);
    const original = textFile('lab report.txt', 'LAB-REPORT', 3000);
    const held = heldFile(original, 2 * CHUNK);

    const saving = tab.saveDraft({ ...empty, body: 'With the report', files: [{ key: 'k-report', file: held.file }] }, id);
    await held.reading;
    // The other tab still shows the draft without the file and saves its text.
    await other.saveDraft({ ...empty, body: 'Edited in the other tab' }, id);
    held.release();
    await saving;

    const draft = await tab.openDraft(id);
    expect(draft.body).to.equal('With the report');
    expect(draft.files.map((file) => file.key)).to.deep.equal(['k-report']);
    const [opened] = await tab.openDraftFiles(id);
    expect(await bytesOf(opened!.file)).to.deep.equal(await bytesOf(original));
  });

  it('keeps every file of a save that ends after the other tab deleted the draft', async () => {
    const { tab, other } = await twoTabs();
    const kept = textFile('referral.txt', 'REFERRAL', 2500);
    const { id } = await tab.saveDraft({ ...empty, files: [{ key: 'k-referral', file: kept }] });
    const added = textFile('lab report.txt', 'LAB-REPORT', 3000);
    const held = heldFile(added, 2 * CHUNK);

    const saving = tab.saveDraft(
      { ...empty, body: 'Two files now', files: [{ key: 'k-referral', file: kept }, { key: 'k-report', file: held.file }] },
      id,
    );
    await held.reading;
    await other.deleteDraft(id);
    held.release();
    await saving;

    // The later save wins, as with text: the draft is back, and both of its files open whole.
    const draft = await tab.openDraft(id);
    expect(draft.body).to.equal('Two files now');
    const opened = await tab.openDraftFiles(id);
    expect(opened.map((file) => file.key)).to.deep.equal(['k-referral', 'k-report']);
    expect(await bytesOf(opened[0]!.file)).to.deep.equal(await bytesOf(kept));
    expect(await bytesOf(opened[1]!.file)).to.deep.equal(await bytesOf(added));
  });
});
