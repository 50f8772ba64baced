/** Encrypted attachment blobs: uploads, resuming, who may read, and envelopes that list blobs. */
import type { BlobChunk, SealTransport } from '../transport/transport.js';
import { assert, assertEqual, expectTransportError, fail, show } from './assert.js';
import type { CheckGroup } from './check.js';
import { contractFields, idsOf, type CheckContext } from './context.js';
import { makeBlobChunk } from './fixtures.js';

// The sizes of a small file's chunks: one byte, an odd size, and one past 64 KiB.
const SIZES = [1, 1000, 70_000];

/** A blob of `sizes.length` chunks of random bytes. */
async function makeBlob(sizes: readonly number[] = SIZES): Promise<BlobChunk[]> {
  const blobId = crypto.randomUUID();
  return Promise.all(sizes.map((size, index) => makeBlobChunk(blobId, index, sizes.length, size)));
}

async function upload(transport: SealTransport, chunks: readonly BlobChunk[]): Promise<void> {
  for (const chunk of chunks) await transport.putBlobChunk!(chunk);
}

/** Reads a chunk, which must come back as a Uint8Array holding exactly `expected`. */
async function assertChunk(transport: SealTransport, chunk: BlobChunk, who: string): Promise<void> {
  const what = `chunk ${chunk.index} of the blob as ${who} read it`;
  const bytes: unknown = await transport.getBlobChunk!(chunk.blobId, chunk.index);
  if (!(bytes instanceof Uint8Array)) fail(`${what} must be a Uint8Array, got ${show(bytes)}`);
  if (bytes.byteLength !== chunk.bytes.byteLength) fail(`${what} holds ${bytes.byteLength} bytes, expected ${chunk.bytes.byteLength}`);
  const differs = bytes.findIndex((byte, index) => byte !== chunk.bytes[index]);
  if (differs >= 0) fail(`${what} differs from the uploaded bytes at byte ${differs}`);
}

async function assertIndexes(transport: SealTransport, blobId: string, expected: number[], what: string): Promise<void> {
  const indexes = await transport.listBlobChunks!(blobId);
  assert(Array.isArray(indexes), `listBlobChunks must resolve with an array, got ${show(indexes)}`);
  assertEqual([...indexes], expected, what);
}

async function assertNoEnvelopes(c: CheckContext, readers: readonly [SealTransport, string][], what: string): Promise<void> {
  for (const [transport, who] of readers) assertEqual(idsOf(await c.mailbox(transport, who)), [], `${who}'s mailbox ${what}`);
  if (c.session.storedEnvelopes) assertEqual(idsOf(await c.session.storedEnvelopes()), [], `stored envelopes ${what} (storedEnvelopes)`);
}

export const blobs: CheckGroup = {
  name: 'attachment blobs',
  checks: [
    {
      name: 'hands the chunks of a blob listed by an envelope back byte for byte, to its recipient and its uploader',
      needs: ['blobs'],
      async run(c) {
        const [ana, lee] = [await c.connect('ana'), await c.connect('lee')];
        const chunks = await makeBlob();
        await upload(ana, chunks);
        const envelope = c.envelope('ana', ['lee'], { blobIds: [chunks[0]!.blobId] });
        await ana.send(envelope);
        const mailbox = await c.mailbox(lee, 'lee');
        assertEqual(mailbox.map(contractFields), [envelope], "lee's mailbox, blobIds included");
        for (const chunk of chunks) {
          await assertChunk(lee, chunk, 'lee (a recipient)');
          await assertChunk(ana, chunk, 'ana (the uploader)');
        }
      },
    },
    {
      name: 'is idempotent by blob and index: a chunk uploaded again, or twice at once, is stored once',
      needs: ['blobs'],
      async run(c) {
        const [ana, lee] = [await c.connect('ana'), await c.connect('lee')];
        const [first, second] = await makeBlob([500, 20]);
        await ana.putBlobChunk!(first!);
        await ana.putBlobChunk!({ ...first!, bytes: first!.bytes.slice() });
        await Promise.all([ana.putBlobChunk!(second!), ana.putBlobChunk!({ ...second! })]);
        await assertIndexes(ana, first!.blobId, [0, 1], 'chunks listed after repeated uploads');
        await ana.send(c.envelope('ana', ['lee'], { blobIds: [first!.blobId] }));
        await assertChunk(lee, first!, 'lee');
        await assertChunk(lee, second!, 'lee');
      },
    },
    {
      name: "refuses, non-retryably, other bytes or another count for a stored chunk, and a chunk of someone else's blob, keeping the first",
      needs: ['blobs'],
      async run(c) {
        const [ana, lee] = [await c.connect('ana'), await c.connect('lee')];
        const [first] = await makeBlob([300, 10]);
        const { blobId } = first!;
        await ana.putBlobChunk!(first!);
        await expectTransportError(async () => ana.putBlobChunk!(await makeBlobChunk(blobId, 0, 2, 300)), false, 'other bytes for a stored chunk');
        await expectTransportError(async () => ana.putBlobChunk!(await makeBlobChunk(blobId, 1, 3, 10)), false, 'a chunk count other than the stored one');
        await expectTransportError(async () => lee.putBlobChunk!(await makeBlobChunk(blobId, 1, 2, 10)), false, "lee adding a chunk to ana's blob");
        await assertIndexes(ana, blobId, [0], 'chunks ana holds after the refusals');
        await assertChunk(ana, first!, 'ana');
      },
    },
    {
      name: 'refuses, non-retryably, a chunk whose sha256 does not match its bytes, storing nothing',
      needs: ['blobs'],
      async run(c) {
        const ana = await c.connect('ana');
        const chunk = await makeBlobChunk(crypto.randomUUID(), 0, 1, 100);
        const other = await makeBlobChunk(chunk.blobId, 0, 1, 100);
        await expectTransportError(() => ana.putBlobChunk!({ ...chunk, sha256: other.sha256 }), false, 'a chunk with the sha256 of other bytes');
        await assertIndexes(ana, chunk.blobId, [], 'chunks stored after a wrong digest');
        await ana.putBlobChunk!(chunk);
        await assertIndexes(ana, chunk.blobId, [0], 'chunks stored once the digest is right');
      },
    },
    {
      name: 'lists the chunks already uploaded, so an interrupted upload resumes',
      needs: ['blobs'],
      async run(c) {
        const [ana, lee] = [await c.connect('ana'), await c.connect('lee')];
        const chunks = await makeBlob();
        await assertIndexes(ana, chunks[0]!.blobId, [], 'chunks listed before any upload');
        await upload(ana, chunks.slice(0, 2));
        // Another tab (or the page after a reload) picks the upload up.
        const again = await c.connect('ana');
        await assertIndexes(again, chunks[0]!.blobId, [0, 1], 'chunks listed after uploading 2 of 3');
        await again.putBlobChunk!(chunks[2]!);
        await assertIndexes(ana, chunks[0]!.blobId, [0, 1, 2], 'chunks listed once the upload finished');
        await ana.send(c.envelope('ana', ['lee'], { blobIds: [chunks[0]!.blobId] }));
        for (const chunk of chunks) await assertChunk(lee, chunk, 'lee');
      },
    },
    {
      name: "lets no one else read a blob: not before an envelope lists it, not a third user, not through an envelope of their own",
      needs: ['blobs'],
      async run(c) {
        const [ana, lee, carol] = [await c.connect('ana'), await c.connect('lee'), await c.connect('carol')];
        const [chunk] = await makeBlob([64]);
        const { blobId } = chunk!;
        await ana.putBlobChunk!(chunk!);
        await expectTransportError(() => lee.getBlobChunk!(blobId, 0), false, 'lee reading the blob before an envelope lists it');
        await ana.send(c.envelope('ana', ['lee'], { blobIds: [blobId] }));
        await expectTransportError(() => carol.getBlobChunk!(blobId, 0), false, 'carol reading a blob of an envelope between ana and lee');
        await assertIndexes(carol, blobId, [], "chunks of ana's blob listed for carol");
        // Listing someone else's blob must not grant access to it.
        await expectTransportError(() => carol.send(c.envelope('carol', ['lee'], { blobIds: [blobId] })), false, "carol sending an envelope that lists ana's blob");
        await expectTransportError(() => carol.getBlobChunk!(blobId, 0), false, "carol reading ana's blob after listing it herself");
      },
    },
    {
      name: 'refuses, non-retryably, an envelope listing an incomplete or unknown blob, storing nothing',
      needs: ['blobs'],
      async run(c) {
        const [ana, lee] = [await c.connect('ana'), await c.connect('lee')];
        const chunks = await makeBlob();
        const { blobId } = chunks[0]!;
        await upload(ana, chunks.slice(0, 2));
        await expectTransportError(() => ana.send(c.envelope('ana', ['lee'], { blobIds: [blobId] })), false, 'an envelope listing a blob with 2 of 3 chunks');
        await expectTransportError(() => ana.send(c.envelope('ana', ['lee'], { blobIds: [crypto.randomUUID()] })), false, 'an envelope listing a blob never uploaded');
        await assertNoEnvelopes(c, [[ana, 'ana'], [lee, 'lee']], 'after the refused envelopes');
        await expectTransportError(() => lee.getBlobChunk!(blobId, 0), false, 'lee reading the blob after the refused envelope');
        await ana.putBlobChunk!(chunks[2]!);
        const envelope = c.envelope('ana', ['lee'], { blobIds: [blobId] });
        await ana.send(envelope);
        assertEqual((await c.mailbox(lee, 'lee')).map(contractFields), [envelope], "lee's mailbox once the blob is complete");
      },
    },
    {
      name: 'refuses, non-retryably, reading a chunk or a blob that does not exist',
      needs: ['blobs'],
      async run(c) {
        const [ana, lee] = [await c.connect('ana'), await c.connect('lee')];
        const chunks = await makeBlob([10, 10]);
        await upload(ana, chunks);
        await ana.send(c.envelope('ana', ['lee'], { blobIds: [chunks[0]!.blobId] }));
        await expectTransportError(() => lee.getBlobChunk!(chunks[0]!.blobId, 2), false, 'reading chunk 2 of a blob of 2 chunks');
        await expectTransportError(() => ana.getBlobChunk!(crypto.randomUUID(), 0), false, 'reading a blob never uploaded');
      },
    },
    {
      name: 'rejects a blob call whose signal is already aborted with a retryable TRANSPORT error',
      needs: ['blobs'],
      async run(c) {
        const ana = await c.connect('ana');
        const controller = new AbortController();
        controller.abort();
        const signal = controller.signal;
        const chunk = await makeBlobChunk(crypto.randomUUID(), 0, 1, 10);
        await expectTransportError(() => ana.putBlobChunk!(chunk, { signal }), true, 'an aborted upload');
        await expectTransportError(() => ana.listBlobChunks!(chunk.blobId, { signal }), true, 'an aborted listing');
        await expectTransportError(() => ana.getBlobChunk!(chunk.blobId, 0, { signal }), true, 'an aborted read');
      },
    },
  ],
};
