import * as v from 'valibot';
import type { CryptoClient } from '../crypto/crypto-client.js';
import { SealError } from '../errors.js';
import type { Draft, DraftContent, DraftInfo } from '../types.js';
import type { SealDatabase } from './database.js';

const draftSchema = v.strictObject({
  to: v.array(v.string()),
  subject: v.string(),
  body: v.string(),
  threadId: v.nullable(v.string()),
  replyTo: v.nullable(v.string()),
});

/** Drafts, encrypted and signed to the user's own key before they touch IndexedDB. */
export class DraftStore {
  readonly #db: SealDatabase;
  readonly #crypto: CryptoClient;

  constructor(db: SealDatabase, crypto: CryptoClient) {
    this.#db = db;
    this.#crypto = crypto;
  }

  async save(content: DraftContent, id: string = crypto.randomUUID()): Promise<DraftInfo> {
    const plain: DraftContent = {
      to: [...content.to],
      subject: content.subject,
      body: content.body,
      threadId: content.threadId,
      replyTo: content.replyTo,
    };
    const ciphertext = await this.#crypto.call('encryptToSelf', JSON.stringify(plain));
    const info: DraftInfo = { id, threadId: plain.threadId, updatedAt: new Date().toISOString() };
    await this.#db.put('drafts', { ...info, ciphertext });
    return info;
  }

  async list(): Promise<DraftInfo[]> {
    const records = await this.#db.getAllFromIndex('drafts', 'byUpdated');
    return records.reverse().map(({ id, threadId, updatedAt }) => ({ id, threadId, updatedAt }));
  }

  async open(id: string): Promise<Draft> {
    const record = await this.#db.get('drafts', id);
    if (!record) throw new SealError('NOT_FOUND', 'No such draft', { details: { draftId: id } });
    const text = await this.#crypto.call('decryptFromSelf', record.ciphertext);
    const parsed = v.safeParse(draftSchema, safeJson(text));
    if (!parsed.success) throw new SealError('TAMPERED', 'The stored draft is damaged', { details: { draftId: id } });
    return { id, updatedAt: record.updatedAt, ...parsed.output };
  }

  async delete(id: string): Promise<void> {
    await this.#db.delete('drafts', id);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
