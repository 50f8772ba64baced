import { expect } from '@open-wc/testing';
import type { AttachmentProgress } from '../../../src/core/attachments/progress.js';
import { openFile, type ChunkSource } from '../../../src/core/attachments/open-file.js';
import { sealFile } from '../../../src/core/attachments/seal-file.js';
import { ANY_BYTES, createIdentity, randomBytes, rejection, sealAll, stopIdentities, storeOf, type TestIdentity } from '../../helpers/attachments.js';

describe('attachments: progress and cancelling', () => {
  let ana: TestIdentity;
  let lee: TestIdentity;
  before(async () => {
    [ana, lee] = await Promise.all([createIdentity('ana'), createIdentity('lee')]);
  });
  after(stopIdentities);

  const file = () => new File([randomBytes(5 * 256 + 100)], 'echo.bin');
  const sealOptions = (signal?: AbortSignal) => ({ cipher: ana.cipher, recipientKeys: [lee.armoredPublicKey], chunkSize: 256, limits: ANY_BYTES, signal });
  const openOptions = (signal?: AbortSignal, onProgress?: (step: AttachmentProgress) => void) => ({
    cipher: lee.cipher,
    candidates: [{ armoredKey: ana.armoredPublicKey }],
    limits: ANY_BYTES,
    signal,
    onProgress,
  });

  it('reports progress after every chunk, sealing and opening', async () => {
    const { manifest, chunks, progress } = await sealAll(file(), sealOptions());
    const expected = [256, 512, 768, 1024, 1280, 1380].map((processedBytes, i) => ({
      attachmentId: manifest.id,
      processedBytes,
      totalBytes: 1380,
      chunksDone: i + 1,
      chunks: 6,
    }));
    expect(progress).to.deep.equal(expected);

    const opening: AttachmentProgress[] = [];
    await openFile(manifest, storeOf(chunks), openOptions(undefined, (step) => opening.push(step)));
    expect(opening).to.deep.equal(expected);
  });

  it('yields each chunk with its progress, so an upload can follow along', async () => {
    const sealing = sealFile(file(), sealOptions());
    const first = await sealing.next();
    expect(first.done).to.equal(false);
    if (first.done) return;
    expect(first.value).to.include({ index: 0 });
    expect(first.value.progress).to.include({ processedBytes: 256, chunksDone: 1, chunks: 6 });
    expect(first.value.bytes.byteLength).to.be.greaterThan(256);
    await sealing.return(undefined as never);
  });

  it('stops sealing with ABORTED when the signal fires between chunks, and yields no manifest', async () => {
    const controller = new AbortController();
    const sealing = sealFile(file(), sealOptions(controller.signal));
    await sealing.next();
    await sealing.next();
    controller.abort();
    const error = await rejection(sealing.next());
    expect(error.code).to.equal('ABORTED');
    expect((await sealing.next()).done).to.equal(true);
  });

  it('does not start when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await rejection(sealFile(file(), sealOptions(controller.signal)).next())).code).to.equal('ABORTED');
  });

  it('stops opening with ABORTED and asks for no further chunk', async () => {
    const { manifest, chunks } = await sealAll(file(), sealOptions());
    const controller = new AbortController();
    const asked: number[] = [];
    const store = storeOf(chunks);
    const source: ChunkSource = (index, signal) => {
      asked.push(index);
      if (index === 2) controller.abort();
      return store(index, signal);
    };
    const error = await rejection(openFile(manifest, source, openOptions(controller.signal)));
    expect(error.code).to.equal('ABORTED');
    expect(asked).to.deep.equal([0, 1, 2]);
  });

  it('gives up at once on a download that hangs when the signal fires', async () => {
    const { manifest, chunks } = await sealAll(file(), sealOptions());
    const controller = new AbortController();
    const store = storeOf(chunks);
    const source: ChunkSource = (index, signal) => (index < 1 ? store(index, signal) : new Promise(() => {}));
    const opening = openFile(manifest, source, openOptions(controller.signal));
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    expect((await rejection(opening)).code).to.equal('ABORTED');
    expect(performance.now() - started).to.be.lessThan(2000);
  });
});
