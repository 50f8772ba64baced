import { expect } from '@open-wc/testing';
import { MemoryRelay, type DraftFileInput, type ReadableMessage, type SealClient } from '../../src/index.js';
import type { DraftFileChunkRecord } from '../../src/core/store/database.js';
import { bytesOf, pngBytes } from '../helpers/attachments.js';
import { cleanupClients, createUser, openClient, PASSPHRASE, rejectsWith, testDatabaseName, waitFor } from '../helpers/clients.js';
import { storedRecords, textFile } from '../helpers/stored-records.js';

const CHUNK = 1024;
const empty = { to: ['dr-lee'], subject: 'Scan results', body: 'Attached are my results', threadId: null, replyTo: null };

function files(): DraftFileInput[] {
  return [
    { key: 'k-notes', file: new File([textFile('x', 'GLUCOSE-DIARY', 3000)], 'glucose diary ‮fdp.txt', { type: 'text/plain', lastModified: 1_700_000_000_000 }) },
    { key: 'k-photo', file: new File([pngBytes(5000)], 'rash-photo.png', { type: 'image/png', lastModified: 1_700_000_100_000 }) },
    { key: 'k-blob', file: new Blob(['BLOB-MARKER short note\n']), name: 'note.txt' },
  ];
}

async function setUp(): Promise<{ ana: SealClient; database: string; relay: MemoryRelay }> {
  const relay = new MemoryRelay();
  const database = testDatabaseName('ana');
  const ana = await createUser(relay.connect('ana'), 'ana', { databaseName: database, attachmentChunkSize: CHUNK });
  return { ana, database, relay };
}

const chunks = async (database: string) => (await storedRecords(database, 'draftFiles')) as DraftFileChunkRecord[];
const blobIdsOf = (records: DraftFileChunkRecord[]) => [...new Set(records.map((record) => record.blobId))].sort();

describe('draft files', () => {
  afterEach(cleanupClients);

  it('keeps stored files it is told to keep without their content, so a save by a caller that could not open them drops none', async () => {
    const { ana, database } = await setUp();
    const originals = files();
    const info = await ana.saveDraft({ ...empty, files: originals });
    const before = await chunks(database);

    // The text changes; the first two files are kept as stored, the third is left out, an unknown key is ignored.
    await ana.saveDraft(
      { ...empty, body: 'Edited while the files could not be opened', files: [{ key: 'k-notes', keep: true }, { key: 'k-photo', keep: true }, { key: 'k-gone', keep: true }] },
      info.id,
    );
    const draft = await ana.openDraft(info.id);
    expect(draft.body).to.equal('Edited while the files could not be opened');
    expect(draft.files.map((file) => file.key)).to.deep.equal(['k-notes', 'k-photo']);
    const after = await chunks(database);
    expect(after).to.have.length(3 + 5);
    expect(blobIdsOf(after)).to.deep.equal(blobIdsOf(before.filter((record) => after.some((kept) => kept.blobId === record.blobId))));
    const opened = await ana.openDraftFiles(info.id);
    expect(await bytesOf(opened[1]!.file)).to.deep.equal(await bytesOf(originals[1]!.file));
  });

  it('come back byte for byte with their names, types and dates, in order', async () => {
    const { ana, database } = await setUp();
    const originals = files();
    const info = await ana.saveDraft({ ...empty, files: originals });
    // 3000 and 5000 bytes in 1 KiB chunks, and one chunk for the small note.
    expect(await chunks(database)).to.have.length(3 + 5 + 1);

    const draft = await ana.openDraft(info.id);
    expect(draft).to.deep.include({ ...empty, id: info.id });
    expect(draft.files).to.deep.equal([
      { key: 'k-notes', name: 'glucose diary ‮fdp.txt', type: 'text/plain', size: 3000 },
      { key: 'k-photo', name: 'rash-photo.png', type: 'image/png', size: 5000 },
      { key: 'k-blob', name: 'note.txt', type: '', size: originals[2]!.file.size },
    ]);

    const progress: string[] = [];
    const opened = await ana.openDraftFiles(info.id, { onProgress: (step) => progress.push(`${step.key}:${step.done}/${step.total}`) });
    expect(opened.map((item) => item.key)).to.deep.equal(['k-notes', 'k-photo', 'k-blob']);
    for (const [i, { file }] of opened.entries()) {
      const original = originals[i]!;
      expect(file).to.be.instanceOf(File);
      expect(file.name).to.equal(original.name ?? (original.file as File).name);
      expect(file.type).to.equal(original.file.type);
      if (original.file instanceof File) expect(file.lastModified).to.equal(original.file.lastModified);
      expect(await bytesOf(file)).to.deep.equal(await bytesOf(original.file));
    }
    expect(progress).to.include.members(['k-notes:3/3', 'k-photo:5/5', 'k-blob:1/1']);

    // The opened files can be saved again as they are: nothing is encrypted again.
    const before = await chunks(database);
    await ana.saveDraft({ ...empty, files: opened }, info.id, { onProgress: () => expect.fail('nothing should be encrypted') });
    expect(await chunks(database)).to.deep.equal(before);
  });

  it('re-saving keeps unchanged files as stored, encrypts only new ones and deletes removed ones', async () => {
    const { ana, database } = await setUp();
    const [notes, photo, blob] = files();
    const info = await ana.saveDraft({ ...empty, files: [notes!, photo!] });
    const first = await chunks(database);
    const photoBlob = blobIdsOf(first).find((blobId) => first.filter((record) => record.blobId === blobId).length === 5)!;
    const photoChunks = first.filter((record) => record.blobId === photoBlob);

    // Only the text changed: the stored ciphertext is the very same (encrypting again would differ).
    const encrypted: string[] = [];
    await ana.saveDraft({ ...empty, body: 'Edited', files: [notes!, photo!] }, info.id, { onProgress: (step) => encrypted.push(step.key) });
    expect(encrypted).to.deep.equal([]);
    expect(await chunks(database)).to.deep.equal(first);
    expect((await ana.openDraft(info.id)).body).to.equal('Edited');

    // One removed, one added: only the new one is encrypted, the removed one's chunks are gone.
    await ana.saveDraft({ ...empty, files: [photo!, blob!] }, info.id, { onProgress: (step) => encrypted.push(step.key) });
    expect([...new Set(encrypted)]).to.deep.equal(['k-blob']);
    const second = await chunks(database);
    expect(second.filter((record) => record.blobId === photoBlob)).to.deep.equal(photoChunks);
    expect(second).to.have.length(5 + 1);
    expect(blobIdsOf(second)).to.have.length(2);
    const reopened = await ana.openDraftFiles(info.id);
    expect(reopened.map((item) => item.file.name)).to.deep.equal(['rash-photo.png', 'note.txt']);

    // The same key with other content (a different size) is encrypted again, and the old copy deleted.
    const replaced = { key: 'k-photo', file: new File([pngBytes(2000)], 'rash-photo.png', { type: 'image/png' }) };
    await ana.saveDraft({ ...empty, files: [replaced] }, info.id);
    const third = await chunks(database);
    expect(third).to.have.length(2);
    expect(blobIdsOf(third)).to.not.include(photoBlob);
    expect(await bytesOf((await ana.openDraftFiles(info.id))[0]!.file)).to.deep.equal(await bytesOf(replaced.file));

    // Saving without files deletes them all.
    await ana.saveDraft(empty, info.id);
    expect(await chunks(database)).to.deep.equal([]);
    expect((await ana.openDraft(info.id)).files).to.deep.equal([]);
  });

  it('are deleted with their draft, and when the draft is sent', async () => {
    const { ana, database, relay } = await setUp();
    await createUser(relay.connect('dr-lee'), 'dr-lee');
    const kept = await ana.saveDraft({ ...empty, subject: 'Kept', files: [files()[0]!] });
    const deleted = await ana.saveDraft({ ...empty, files: files() });
    await ana.deleteDraft(deleted.id);
    expect(new Set((await chunks(database)).map((record) => record.draftId))).to.deep.equal(new Set([kept.id]));

    const sentDraft = await ana.saveDraft({ ...empty, files: files() });
    const opened = await ana.openDraftFiles(sentDraft.id);
    const sent = await ana.send({ to: ['dr-lee'], subject: 's', body: 'b', draftId: sentDraft.id, attachments: opened.slice(0, 2).map((item) => item.file) });
    expect((await ana.listDrafts()).map((draft) => draft.id)).to.deep.equal([kept.id]);
    expect(new Set((await chunks(database)).map((record) => record.draftId))).to.deep.equal(new Set([kept.id]));
    await waitFor(async () => (await ana.listOutbox()).length === 0, 10_000, 'delivery');
    expect(((await ana.openMessage(sent.id)) as ReadableMessage).attachments.map((item) => item.name)).to.deep.equal(['glucose diary [U+202E]fdp.txt', 'rash-photo.png']);
  });

  it('leave no plaintext byte or name in IndexedDB', async () => {
    const { ana, database } = await setUp();
    const list = files();
    await ana.saveDraft({ ...empty, files: list });
    const names = ['glucose diary', 'rash-photo', 'note.txt', 'k-notes', 'k-photo'];
    const markers = ['GLUCOSE-DIARY', 'BLOB-MARKER', 'potassium'];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(database);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const stores = Array.from(db.objectStoreNames);
    db.close();
    expect(stores).to.include('draftFiles');
    const strings: string[] = [];
    const byteRuns: Uint8Array[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') strings.push(value);
      else if (value instanceof Uint8Array) byteRuns.push(value);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    for (const store of stores) collect(await storedRecords(database, store));
    expect(byteRuns.length).to.be.greaterThan(8);
    const haystack = strings.join('\n');
    for (const needle of [...names, ...markers]) expect(haystack, needle).to.not.include(needle);
    const latin1 = new TextDecoder('latin1');
    // The PNG's random bytes: any 16 of them in a row would be a leak.
    const png = new Uint8Array(await list[1]!.file.arrayBuffer());
    const pngRun = latin1.decode(png.subarray(100, 116));
    for (const bytes of byteRuns) {
      const text = latin1.decode(bytes);
      for (const needle of [...names, ...markers]) expect(text, needle).to.not.include(needle);
      expect(text.includes(pngRun)).to.equal(false);
    }
  });

  it('refuses bad files with clear errors before anything is stored', async () => {
    const { ana, database } = await setUp();
    const file = new File(['x'], 'x.txt');
    await rejectsWith(ana.saveDraft({ ...empty, files: [{ key: '', file }] }), 'INVALID_INPUT');
    await rejectsWith(ana.saveDraft({ ...empty, files: [{ key: 'a', file }, { key: 'a', file }] }), 'INVALID_INPUT');
    await rejectsWith(ana.saveDraft({ ...empty, files: [{ key: 'a', file: 'not a file' as unknown as Blob }] }), 'INVALID_INPUT');
    await rejectsWith(ana.saveDraft({ ...empty, files: [{ key: 'a', file: new Blob(['x']) }] }), 'INVALID_INPUT');
    await rejectsWith(ana.saveDraft({ ...empty, files: 'x' as unknown as DraftFileInput[] }), 'INVALID_INPUT');
    const six = Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, file: new File([`note ${i}`], `n${i}.txt`) }));
    await rejectsWith(ana.saveDraft({ ...empty, files: six }), 'TOO_LARGE');
    const svg = new File(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], 'chart.svg');
    const error = await rejectsWith(ana.saveDraft({ ...empty, files: [{ key: 'ok', file }, { key: 'svg', file: svg }] }), 'ATTACHMENT_TYPE');
    expect((error as unknown as { details: Record<string, unknown> }).details).to.include({ file: 1 });
    // The first file's chunks were written before the second was refused; they are gone again.
    expect(await chunks(database)).to.deep.equal([]);
    expect(await ana.listDrafts()).to.deep.equal([]);

    await ana.lock();
    await rejectsWith(ana.saveDraft({ ...empty, files: [{ key: 'a', file }] }), 'LOCKED');
  });

  it('a save cancelled while its files are encrypted stores nothing', async () => {
    const { ana, database } = await setUp();
    const abort = new AbortController();
    const onProgress = (step: { done: number }) => {
      if (step.done === 2) abort.abort();
    };
    await rejectsWith(ana.saveDraft({ ...empty, files: files() }, undefined, { signal: abort.signal, onProgress }), 'ABORTED');
    expect(await chunks(database)).to.deep.equal([]);
    expect(await ana.listDrafts()).to.deep.equal([]);
  });

  it('survive a reload of the client, and need the vault unlocked to open', async () => {
    const { ana, database, relay } = await setUp();
    const info = await ana.saveDraft({ ...empty, files: files() });
    ana.close();
    const again = await openClient(relay.connect('ana'), 'ana', { databaseName: database, attachmentChunkSize: CHUNK });
    await rejectsWith(again.openDraftFiles(info.id), 'LOCKED');
    await again.unlock(PASSPHRASE);
    const opened = await again.openDraftFiles(info.id);
    expect(await bytesOf(opened[0]!.file)).to.deep.equal(await bytesOf(files()[0]!.file));
    await rejectsWith(again.openDraftFiles('no-such-draft'), 'NOT_FOUND');
  });
});
