import * as v from 'valibot';
import { throwIfAborted } from '../attachments/abort.js';
import { workerChunkCipher, type ChunkCipher } from '../attachments/cipher.js';
import { checkAttachmentCount, resolveAttachmentLimits, type AttachmentLimits } from '../attachments/limits.js';
import { attachmentManifestSchema, MAX_CHUNK_SIZE, MAX_CHUNKS, MAX_ENVELOPE_ATTACHMENTS, type AttachmentManifest } from '../attachments/manifest.js';
import { openFile } from '../attachments/open-file.js';
import { sealFile } from '../attachments/seal-file.js';
import { SNIFFED_TYPES } from '../attachments/sniff.js';
import type { CryptoClient } from '../crypto/crypto-client.js';
import { FINAL_FAILURES, isSealError, SealError } from '../errors.js';
import type {
  Draft,
  DraftContent,
  DraftFile,
  DraftFileInput,
  DraftInfo,
  OpenDraftFilesOptions,
  SaveDraftOptions,
} from '../types.js';
import type { SealDatabase } from './database.js';
import { allChunksStored, deleteDraftFilesExcept, draftRange, DraftFileStore } from './draft-files.js';

const MAX_KEY_LENGTH = 200;
const MAX_FILE_NAME = 1024;
/** Tries of a save whose chunks another tab keeps removing, before it gives up. */
const MAX_SAVE_ATTEMPTS = 3;

const fileSchema = v.strictObject({
  key: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_KEY_LENGTH)),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_FILE_NAME)),
  type: v.pipe(v.string(), v.maxLength(255)),
  lastModified: v.pipe(v.number(), v.safeInteger()),
  /** Binds the stored chunks: their digests, order and the whole file's SHA-256. */
  manifest: attachmentManifestSchema,
});
type StoredFile = v.InferOutput<typeof fileSchema>;

const draftSchema = v.strictObject({
  to: v.array(v.string()),
  subject: v.string(),
  body: v.string(),
  threadId: v.nullable(v.string()),
  replyTo: v.nullable(v.string()),
  files: v.optional(v.array(fileSchema)),
});


/**
 * A file saved with a draft passed the limits when it was saved and is signed by this user: opening it
 * applies only the hard bounds, so a later change of the portal's limits does not lose it.
 */
const STORED_LIMITS = resolveAttachmentLimits({
  maxFileBytes: MAX_CHUNK_SIZE * MAX_CHUNKS,
  maxFilesPerMessage: MAX_ENVELOPE_ATTACHMENTS,
  allowedTypes: Object.values(SNIFFED_TYPES),
});

export interface DraftStoreOptions {
  /** The user's own public key (armored) while unlocked: the only key that may have signed a draft file. */
  readonly selfKey: () => string | null;
  /** Limits a new file must meet, as for sending. */
  readonly limits: () => AttachmentLimits;
  readonly chunkSize: () => number;
}

interface NewFile {
  readonly key: string;
  readonly file: Blob;
  readonly name: string;
}

type CheckedFile = NewFile | { readonly key: string; readonly keep: true };

/**
 * Drafts, encrypted and signed to the user's own key before they touch IndexedDB. Files kept with a
 * draft are encrypted in chunks in the crypto worker, like attachments, and stored beside it; their
 * names, types and chunk digests are inside the draft's encrypted record.
 */
export class DraftStore {
  readonly #db: SealDatabase;
  readonly #crypto: CryptoClient;
  readonly #cipher: ChunkCipher;
  readonly #files: DraftFileStore;
  readonly #options: DraftStoreOptions;
  /** Saves and deletes of one draft run one after another, so none deletes chunks another still needs. */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(db: SealDatabase, crypto: CryptoClient, options: DraftStoreOptions) {
    this.#db = db;
    this.#crypto = crypto;
    this.#cipher = workerChunkCipher(crypto, 'draft-file-chunk');
    this.#files = new DraftFileStore(db);
    this.#options = options;
  }

  async save(content: DraftContent, id: string = crypto.randomUUID(), options: SaveDraftOptions = {}): Promise<DraftInfo> {
    const files = checkFiles(content.files, this.#options.limits());
    return this.#serial(id, () => this.#save(content, files, id, options));
  }

  async list(): Promise<DraftInfo[]> {
    const records = await this.#db.getAllFromIndex('drafts', 'byUpdated');
    return records.reverse().map(({ id, threadId, updatedAt }) => ({ id, threadId, updatedAt }));
  }

  async open(id: string): Promise<Draft> {
    const { updatedAt, content } = await this.#read(id);
    const { files, ...rest } = content;
    const infos = (files ?? []).map(({ key, name, type, manifest }) => ({ key, name, type, size: manifest.size }));
    return { id, updatedAt, ...rest, files: infos };
  }

  /**
   * Decrypts the draft's files and checks each against the draft's signed record: every chunk signed by
   * the user's own key and matching its digest, the whole file its size and SHA-256. Rejects (TAMPERED,
   * with the precise failure as `details.reason`) rather than return a file that failed a check.
   */
  async openFiles(id: string, options: OpenDraftFilesOptions = {}): Promise<DraftFile[]> {
    const { signal, onProgress } = options;
    const files = (await this.#read(id)).content.files ?? [];
    const selfKey = this.#options.selfKey();
    if (!selfKey) throw new SealError('LOCKED', 'Unlock Sealbox first');
    const opened: DraftFile[] = [];
    for (const [index, stored] of files.entries()) {
      const blobId = stored.manifest.id;
      try {
        const blob = await openFile(stored.manifest, (chunk) => this.#files.get(id, blobId, chunk), {
          cipher: this.#cipher,
          candidates: [{ armoredKey: selfKey }],
          limits: STORED_LIMITS,
          ...(signal ? { signal } : {}),
          onProgress: (step) => onProgress?.({ key: stored.key, done: step.chunksDone, total: step.chunks }),
        });
        opened.push({ key: stored.key, file: new File([blob], stored.name, { type: stored.type, lastModified: stored.lastModified }) });
      } catch (error) {
        // A failure that trying again cannot mend proves the stored file is not the one this user saved.
        if (!isSealError(error) || !FINAL_FAILURES.has(error.code)) throw error;
        throw new SealError('TAMPERED', `File ${index + 1} of the stored draft is damaged or was altered`, {
          cause: error,
          details: { draftId: id, file: index, reason: error.code },
        });
      }
    }
    return opened;
  }

  /** Deletes the draft and every file stored with it, in one transaction. */
  async delete(id: string): Promise<void> {
    await this.#serial(id, async () => {
      const tx = this.#db.transaction(['drafts', 'draftFiles'], 'readwrite');
      await Promise.all([tx.objectStore('drafts').delete(id), tx.objectStore('draftFiles').delete(draftRange(id)), tx.done]);
    });
  }

  /** Clears chunks left by first saves that never finished. */
  sweep(): Promise<number> {
    return this.#files.sweep();
  }

  /**
   * Saves are serialized per draft in this tab only: another tab's save or delete of the same draft can
   * remove chunks this one is still writing (or keeps from before). The record is only written when all
   * chunks it lists are there; otherwise the save starts over from what is stored now, sealing again
   * the files it has in hand.
   */
  async #save(content: DraftContent, files: readonly CheckedFile[], id: string, options: SaveDraftOptions): Promise<DraftInfo> {
    for (let attempt = 1; ; attempt += 1) {
      const saved = await this.#saveOnce(content, files, id, options);
      if (saved) return saved;
      if (attempt === MAX_SAVE_ATTEMPTS) {
        throw new SealError('STORAGE', 'The draft kept changing in another tab while it was being saved', { details: { draftId: id } });
      }
    }
  }

  /** One try of a save; null when another tab removed chunks the record would list. */
  async #saveOnce(content: DraftContent, files: readonly CheckedFile[], id: string, options: SaveDraftOptions): Promise<DraftInfo | null> {
    const previous = files.length > 0 ? await this.#storedFiles(id) : [];
    const written: string[] = [];
    try {
      const entries: StoredFile[] = [];
      for (const [index, input] of files.entries()) {
        if ('keep' in input) {
          const stored = previous.find((candidate) => candidate.key === input.key);
          if (stored) entries.push(stored);
          continue;
        }
        const kept = previous.find((stored) => stored.key === input.key && stored.manifest.size === input.file.size);
        const manifest = kept?.manifest ?? (await this.#seal(id, input, index, written, options));
        entries.push({
          key: input.key,
          name: input.name,
          type: input.file.type,
          lastModified: input.file instanceof File ? input.file.lastModified : 0,
          manifest,
        });
      }
      throwIfAborted(options.signal);
      const plain = {
        to: [...content.to],
        subject: content.subject,
        body: content.body,
        threadId: content.threadId,
        replyTo: content.replyTo,
        files: entries,
      };
      const ciphertext = await this.#crypto.call('encryptDraft', JSON.stringify(plain));
      const info: DraftInfo = { id, threadId: plain.threadId, updatedAt: new Date().toISOString() };
      // The record and the removal of files it no longer lists (or a half-finished save left) commit together.
      const tx = this.#db.transaction(['drafts', 'draftFiles'], 'readwrite');
      const chunks = tx.objectStore('draftFiles');
      const done = tx.done;
      done.catch(() => {});
      if (!(await allChunksStored(chunks, id, entries.map((entry) => entry.manifest)))) {
        tx.abort();
        await done.catch(() => {});
        await this.#files.deleteBlobs(id, written).catch(() => {});
        return null;
      }
      const keep = new Set(entries.map((entry) => entry.manifest.id));
      await Promise.all([tx.objectStore('drafts').put({ ...info, ciphertext }), deleteDraftFilesExcept(chunks, id, keep), done]);
      return info;
    } catch (error) {
      await this.#files.deleteBlobs(id, written).catch(() => {});
      throw error;
    }
  }

  /** Encrypts one file to the user's own key chunk by chunk, storing each chunk as it comes. */
  async #seal(draftId: string, input: NewFile, index: number, written: string[], options: SaveDraftOptions): Promise<AttachmentManifest> {
    const { signal, onProgress } = options;
    const sealing = sealFile(input.file, {
      cipher: this.#cipher,
      recipientKeys: [],
      name: input.name,
      chunkSize: this.#options.chunkSize(),
      limits: this.#options.limits(),
      ...(signal ? { signal } : {}),
      onProgress: (step) => onProgress?.({ key: input.key, done: step.chunksDone, total: step.chunks }),
    });
    try {
      for (;;) {
        const step = await sealing.next();
        if (step.done) return step.value;
        const { attachmentId: blobId, index: chunk, bytes } = step.value;
        if (chunk === 0) written.push(blobId);
        await this.#files.put({ draftId, blobId, index: chunk, bytes, storedAt: new Date().toISOString() });
      }
    } catch (error) {
      if (isSealError(error) && (error.code === 'TOO_LARGE' || error.code === 'ATTACHMENT_TYPE')) {
        throw new SealError(error.code, error.message, { cause: error, details: { ...error.details, file: index } });
      }
      throw error;
    }
  }

  /** The files the saved draft lists; none when there is no draft or it cannot be read. */
  async #storedFiles(id: string): Promise<StoredFile[]> {
    try {
      return (await this.#read(id)).content.files ?? [];
    } catch {
      return [];
    }
  }

  async #read(id: string): Promise<{ updatedAt: string; content: v.InferOutput<typeof draftSchema> }> {
    const record = await this.#db.get('drafts', id);
    if (!record) throw new SealError('NOT_FOUND', 'No such draft', { details: { draftId: id } });
    const text = await this.#crypto.call('decryptDraft', record.ciphertext);
    const parsed = v.safeParse(draftSchema, safeJson(text));
    if (!parsed.success) throw new SealError('TAMPERED', 'The stored draft is damaged', { details: { draftId: id } });
    return { updatedAt: record.updatedAt, content: parsed.output };
  }

  #serial<T>(id: string, run: () => Promise<T>): Promise<T> {
    const result = (this.#queues.get(id) ?? Promise.resolve()).then(run, run);
    const settled = result.catch(() => {});
    this.#queues.set(id, settled);
    void settled.then(() => {
      if (this.#queues.get(id) === settled) this.#queues.delete(id);
    });
    return result;
  }
}

/** Checks the files of a save before anything is encrypted. Errors name the file by position, not name. */
function checkFiles(input: unknown, limits: AttachmentLimits): CheckedFile[] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) throw new SealError('INVALID_INPUT', 'files must be a list', { details: { field: 'files' } });
  checkAttachmentCount(input.length, limits);
  const keys = new Set<string>();
  return input.map((item: (Partial<DraftFileInput> & { keep?: unknown }) | null, index): CheckedFile => {
    const fail = (why: string) => new SealError('INVALID_INPUT', `Draft file ${index + 1} ${why}`, { details: { file: index } });
    const { key, file } = item ?? {};
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) throw fail(`needs a key of 1 to ${MAX_KEY_LENGTH} characters`);
    if (keys.has(key)) throw fail('has the same key as another');
    keys.add(key);
    if (item?.keep === true) return { key, keep: true };
    if (!(file instanceof Blob)) throw fail('is not a File or Blob');
    const name: unknown = item?.name ?? (file instanceof File ? file.name : undefined);
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_FILE_NAME) throw fail(`needs a name of 1 to ${MAX_FILE_NAME} characters`);
    return { key, file, name };
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
