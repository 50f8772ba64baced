import {
  transportError,
  type BlobChunk,
  type BlobRequestOptions,
  type OutgoingEnvelope,
  type SealTransport,
  type SignedRecord,
} from '../../src/transport/transport.js';

/**
 * Wraps a real transport and injects delivery faults, the way a flaky network or backend would.
 * Every other call goes to the real transport unchanged.
 */
export class FaultyTransport implements SealTransport {
  /** Next `send` calls fail with a retryable network error while this is above zero. */
  failNextSends = 0;
  /** When true, `send` delivers, then reports a network error (the response was lost). */
  loseResponses = false;
  /** When set, `send` fails with this non-retryable refusal. */
  refuseWith: string | null = null;
  /** When true, every call fails like a network outage. */
  offline = false;
  /** Next `recordAudit` / `recordConsent` calls fail (after storing, like a lost response) while above zero. */
  failNextRecords = 0;
  /** Next `putBlobChunk` calls fail with a retryable network error, before reaching the backend, while above zero. */
  failNextPuts = 0;
  /** After this many more chunks reach the backend, every further upload fails like a dropped connection; null: no outage. */
  putsBeforeOutage: number | null = null;
  readonly sendAttempts: string[] = [];
  readonly recordAttempts: number[] = [];
  /** Every chunk upload that reached the backend, as `blobId:index`: a chunk sent twice shows up twice. */
  readonly uploadedChunks: string[] = [];

  constructor(readonly inner: SealTransport) {}

  async publishKey(...args: Parameters<SealTransport['publishKey']>) {
    this.#checkOnline();
    return this.inner.publishKey(...args);
  }

  async lookupKey(userId: string) {
    this.#checkOnline();
    return this.inner.lookupKey(userId);
  }

  async send(envelope: OutgoingEnvelope): Promise<void> {
    this.sendAttempts.push(envelope.id);
    this.#checkOnline();
    if (this.refuseWith) throw transportError(this.refuseWith, { retryable: false, status: 400 });
    if (this.failNextSends > 0) {
      this.failNextSends -= 1;
      throw transportError('Network unreachable', { retryable: true });
    }
    await this.inner.send(envelope);
    if (this.loseResponses) throw transportError('Connection reset after the request was sent', { retryable: true });
  }

  async fetch(...args: Parameters<SealTransport['fetch']>) {
    this.#checkOnline();
    return this.inner.fetch(...args);
  }

  async recordAudit(records: readonly SignedRecord[]): Promise<void> {
    this.#checkOnline();
    this.recordAttempts.push(records.length);
    await this.inner.recordAudit!(records);
    if (this.failNextRecords > 0) {
      this.failNextRecords -= 1;
      throw transportError('Connection reset after the request was sent', { retryable: true });
    }
  }

  async recordConsent(record: SignedRecord): Promise<void> {
    this.#checkOnline();
    await this.inner.recordConsent!(record);
    if (this.failNextRecords > 0) {
      this.failNextRecords -= 1;
      throw transportError('Connection reset after the request was sent', { retryable: true });
    }
  }

  async putBlobChunk(chunk: BlobChunk, options?: BlobRequestOptions): Promise<void> {
    this.#checkOnline();
    if (this.failNextPuts > 0) {
      this.failNextPuts -= 1;
      throw transportError('Network unreachable', { retryable: true });
    }
    if (this.putsBeforeOutage !== null) {
      if (this.putsBeforeOutage === 0) throw transportError('Connection dropped during the upload', { retryable: true });
      this.putsBeforeOutage -= 1;
    }
    this.uploadedChunks.push(`${chunk.blobId}:${chunk.index}`);
    return this.inner.putBlobChunk!(chunk, options);
  }

  async listBlobChunks(blobId: string, options?: BlobRequestOptions): Promise<readonly number[]> {
    this.#checkOnline();
    return this.inner.listBlobChunks!(blobId, options);
  }

  async getBlobChunk(blobId: string, index: number, options?: BlobRequestOptions): Promise<Uint8Array> {
    this.#checkOnline();
    return this.inner.getBlobChunk!(blobId, index, options);
  }

  #checkOnline(): void {
    if (this.offline) throw transportError('Network unreachable', { retryable: true });
  }
}
