// Attachment blobs on MemoryRelay: the statuses and limits the reference relays share, and the copies
// it keeps and hands out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SealError } from '../../src/core/errors.js';
import { makeEnvelope } from '../../src/testing/fixtures.js';
import { MemoryRelay } from '../../src/transport/memory-transport.js';
import { sha256Hex } from '../../src/transport/relay-blob-rules.js';
import type { BlobChunk } from '../../src/transport/transport.js';

async function chunk(blobId: string, index: number, count: number, bytes: Uint8Array): Promise<BlobChunk> {
  return { blobId, index, count, bytes, sha256: await sha256Hex(bytes) };
}

const bytesOf = (length: number, fill: number) => new Uint8Array(length).fill(fill);

/** The status of a refusal: a non-retryable TRANSPORT SealError. */
async function refusal(action: Promise<unknown>): Promise<number | undefined> {
  const error = await action.then(
    () => assert.fail('expected a refusal, the call succeeded'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof SealError, `expected a SealError, got ${String(error)}`);
  assert.equal(error.code, 'TRANSPORT');
  assert.equal(error.retryable, false, error.message);
  return error.details.status as number | undefined;
}

describe('MemoryRelay attachment blobs', () => {
  it('stores a blob once, lists it for resuming, and lets the participants of a listing envelope read it', async () => {
    const relay = new MemoryRelay();
    const [ana, lee, carol] = ['ana', 'lee', 'carol'].map((id) => relay.connect(id));
    const blobId = crypto.randomUUID();
    const parts = [bytesOf(10, 1), bytesOf(20, 2), bytesOf(5, 3)];
    await ana!.putBlobChunk(await chunk(blobId, 0, 3, parts[0]!));
    await ana!.putBlobChunk(await chunk(blobId, 2, 3, parts[2]!));
    assert.deepEqual(await ana!.listBlobChunks(blobId), [0, 2]);
    assert.deepEqual(await lee!.listBlobChunks(blobId), [], 'only the uploader holds chunks of a blob');
    assert.equal(await refusal(lee!.getBlobChunk(blobId, 0)), 403, 'a recipient before any envelope lists the blob');
    assert.equal(await refusal(ana!.send(makeEnvelope('ana', ['lee'], { blobIds: [blobId] }))), 400, 'an envelope listing an incomplete blob');
    await ana!.putBlobChunk(await chunk(blobId, 1, 3, parts[1]!));
    await ana!.putBlobChunk(await chunk(blobId, 1, 3, parts[1]!));
    const envelope = makeEnvelope('ana', ['lee'], { blobIds: [blobId] });
    await ana!.send(envelope);
    const [delivered] = (await lee!.fetch({ after: null, limit: 10 })).envelopes;
    assert.deepEqual(delivered!.blobIds, [blobId]);
    for (const [index, part] of parts.entries()) assert.deepEqual(await lee!.getBlobChunk(blobId, index), part);
    assert.equal(await refusal(carol!.getBlobChunk(blobId, 0)), 403);
    assert.equal(await refusal(lee!.getBlobChunk(blobId, 3)), 404);
    assert.equal(await refusal(lee!.getBlobChunk(crypto.randomUUID(), 0)), 404);
    assert.deepEqual(relay.blobChunks().map((stored) => [stored.index, stored.bytes.byteLength]), [[0, 10], [2, 5], [1, 20]]);
  });

  it('refuses with a backend status: 409 other bytes or count, 403 another uploader, 400 wrong digest or shape, 413 limits', async () => {
    const relay = new MemoryRelay({ maxChunkBytes: 100, maxBlobBytes: 150, maxChunks: 4 });
    const [ana, lee] = ['ana', 'lee'].map((id) => relay.connect(id));
    const blobId = crypto.randomUUID();
    await ana!.putBlobChunk(await chunk(blobId, 0, 2, bytesOf(100, 1)));
    assert.equal(await refusal(ana!.putBlobChunk(await chunk(blobId, 0, 2, bytesOf(100, 9)))), 409);
    assert.equal(await refusal(ana!.putBlobChunk(await chunk(blobId, 1, 3, bytesOf(10, 1)))), 409);
    assert.equal(await refusal(lee!.putBlobChunk(await chunk(blobId, 1, 2, bytesOf(10, 1)))), 403);
    assert.equal(await refusal(ana!.putBlobChunk({ ...(await chunk(blobId, 1, 2, bytesOf(10, 1))), sha256: await sha256Hex(bytesOf(10, 2)) })), 400);
    assert.equal(await refusal(ana!.putBlobChunk(await chunk(blobId, 1, 2, bytesOf(51, 1)))), 413, 'past the blob limit');
    assert.equal(await refusal(ana!.putBlobChunk(await chunk(crypto.randomUUID(), 0, 1, bytesOf(101, 1)))), 413, 'past the chunk limit');
    assert.equal(await refusal(ana!.putBlobChunk(await chunk(crypto.randomUUID(), 0, 5, bytesOf(1, 1)))), 413, 'too many chunks');
    for (const bad of [
      await chunk('not-a-uuid', 0, 1, bytesOf(1, 1)),
      await chunk(crypto.randomUUID(), 1, 1, bytesOf(1, 1)),
      await chunk(crypto.randomUUID(), -1, 1, bytesOf(1, 1)),
      await chunk(crypto.randomUUID(), 0, 0, bytesOf(1, 1)),
      await chunk(crypto.randomUUID(), 0, 1, new Uint8Array(0)),
      { ...(await chunk(crypto.randomUUID(), 0, 1, bytesOf(1, 1))), sha256: 'ABC' },
    ]) {
      assert.equal(await refusal(ana!.putBlobChunk(bad)), 400, JSON.stringify({ ...bad, bytes: bad.bytes.byteLength }));
    }
    assert.deepEqual(await ana!.listBlobChunks(blobId), [0]);
    assert.deepEqual([...(await ana!.getBlobChunk(blobId, 0))], [...bytesOf(100, 1)]);
    assert.throws(() => new MemoryRelay({ maxBlobBytes: 0 }), /maxBlobBytes/);
  });

  it('keeps and hands out copies: changing the uploaded or the read bytes changes nothing stored', async () => {
    const relay = new MemoryRelay();
    const ana = relay.connect('ana');
    const blobId = crypto.randomUUID();
    const bytes = bytesOf(8, 7);
    await ana.putBlobChunk(await chunk(blobId, 0, 1, bytes));
    bytes.fill(0);
    const read = await ana.getBlobChunk(blobId, 0);
    read.fill(1);
    assert.deepEqual([...(await ana.getBlobChunk(blobId, 0))], [...bytesOf(8, 7)]);
  });

  it("checks an envelope's blob ids: UUIDs, unique, at most 20, each complete and the sender's; a resend must list the same", async () => {
    const relay = new MemoryRelay();
    const [ana, lee] = ['ana', 'lee'].map((id) => relay.connect(id));
    const [mine, his] = [crypto.randomUUID(), crypto.randomUUID()];
    await ana!.putBlobChunk(await chunk(mine, 0, 1, bytesOf(3, 1)));
    await lee!.putBlobChunk(await chunk(his, 0, 1, bytesOf(3, 1)));
    for (const blobIds of [['nope'], [mine, mine], Array.from({ length: 21 }, () => crypto.randomUUID()), [his], [crypto.randomUUID()]]) {
      assert.equal(await refusal(ana!.send(makeEnvelope('ana', ['lee'], { blobIds }))), 400, JSON.stringify(blobIds));
    }
    const envelope = makeEnvelope('ana', ['lee'], { blobIds: [mine] });
    await ana!.send(envelope);
    await ana!.send({ ...envelope, blobIds: [mine] });
    assert.equal(await refusal(ana!.send({ ...envelope, blobIds: [] })), 409);
    const plain = makeEnvelope('ana', ['lee'], { blobIds: [] });
    await ana!.send(plain);
    await ana!.send({ ...plain, blobIds: undefined });
    assert.deepEqual(
      relay.envelopes().map((stored) => stored.blobIds),
      [[mine], undefined],
      'an empty list is stored as none',
    );
  });

  it('refuses blob calls whose signal is already aborted, retryably, and calls on a closed transport', async () => {
    const relay = new MemoryRelay();
    const ana = relay.connect('ana');
    const controller = new AbortController();
    controller.abort();
    const blobId = crypto.randomUUID();
    const upload = await chunk(blobId, 0, 1, bytesOf(1, 1));
    for (const action of [
      () => ana.putBlobChunk(upload, { signal: controller.signal }),
      () => ana.listBlobChunks(blobId, { signal: controller.signal }),
      () => ana.getBlobChunk(blobId, 0, { signal: controller.signal }),
    ]) {
      await assert.rejects(action, (error: SealError) => error.code === 'TRANSPORT' && error.retryable);
    }
    assert.deepEqual(await ana.listBlobChunks(blobId), []);
    ana.close();
    assert.match(String(await ana.listBlobChunks(blobId).catch((error: Error) => error.message)), /closed/);
  });
});
