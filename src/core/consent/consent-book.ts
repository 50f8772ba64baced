import type { SealTransport } from '../../transport/transport.js';
import { canonicalJson, sha256Hex } from '../canonical.js';
import type { CryptoClient } from '../crypto/crypto-client.js';
import { SealError, toSealError } from '../errors.js';
import type { SealDatabase } from '../store/database.js';
import { callTransport } from '../transport-call.js';
import type { ConsentDecision, ConsentPolicy, ConsentReceiptPayload, ConsentRecord, ConsentStatus, StoredConsent } from './consent-types.js';

interface BookOptions {
  db: SealDatabase;
  crypto: CryptoClient;
  transport: SealTransport;
  userId: string;
  deviceId: string;
  /** The signing identity while unlocked, else null. */
  signer: () => { fingerprint: string } | null;
  onError: (error: unknown) => void;
}

function checkPolicy(policy: ConsentPolicy): void {
  if (!policy || typeof policy.id !== 'string' || !policy.id || typeof policy.version !== 'string' || !policy.version || typeof policy.text !== 'string') {
    throw new SealError('INVALID_INPUT', 'A consent policy needs an id, a version and its text');
  }
}

/**
 * Consent receipts: every decision is a signed statement of which policy text (by hash) and version
 * the user accepted, declined or withdrew, with which purposes. Decisions made before an identity
 * exists are kept unsigned and signed as soon as one is unlocked; only signed receipts are delivered.
 * Storage keeps a decision's fields; the receipt is rebuilt from them (with this user and device) to be
 * signed or delivered, and the crypto engine checks it before signing it for `consent-receipt`.
 */
export class ConsentBook {
  readonly #o: BookOptions;
  #delivering: Promise<void> | null = null;

  constructor(options: BookOptions) {
    this.#o = options;
  }

  async decide(policy: ConsentPolicy, decision: ConsentDecision, purposes: Readonly<Record<string, boolean>> = {}): Promise<ConsentRecord> {
    checkPolicy(policy);
    if (!['accepted', 'declined', 'withdrawn'].includes(decision)) throw new SealError('INVALID_INPUT', 'Unknown consent decision');
    const chosen: Record<string, boolean> = {};
    for (const purpose of policy.purposes ?? []) {
      chosen[purpose.id] = decision === 'accepted' && (purpose.required === true || purposes[purpose.id] === true);
    }
    const decided: StoredConsent = {
      id: crypto.randomUUID(),
      policyId: policy.id,
      policyVersion: policy.version,
      policyHash: await sha256Hex(policy.text),
      purposes: chosen,
      decision,
      at: new Date().toISOString(),
      signature: '',
      fingerprint: null,
      delivered: false,
    };
    const stored: StoredConsent = { ...decided, ...(await this.#sign(decided)) };
    await this.#o.db.put('consent', stored);
    void this.deliver();
    return this.#record(stored);
  }

  /** The latest decision for a policy, and whether it grants consent for `version`. */
  async status(policyId: string, version: string): Promise<ConsentStatus> {
    const range = IDBKeyRange.bound([policyId, ''], [policyId, '\uffff']);
    const cursor = await this.#o.db.transaction('consent').store.index('byPolicy').openCursor(range, 'prev');
    const latest = cursor?.value;
    return {
      policyId,
      version: latest?.policyVersion ?? null,
      decision: latest?.decision ?? null,
      purposes: latest?.purposes ?? {},
      at: latest?.at ?? null,
      granted: latest?.decision === 'accepted' && latest.policyVersion === version,
      receiptId: latest?.id ?? null,
    };
  }

  async list(): Promise<ConsentRecord[]> {
    return (await this.#o.db.getAllFromIndex('consent', 'byPolicy')).map((stored) => this.#record(stored));
  }

  /** The receipt a decision states, for this user and this device. */
  #receipt(stored: StoredConsent): ConsentReceiptPayload {
    const { id, policyId, policyVersion, policyHash, purposes, decision, at } = stored;
    return { v: 1, type: 'sealbox-consent-receipt', id, policyId, policyVersion, policyHash, purposes, decision, at, userId: this.#o.userId, deviceId: this.#o.deviceId };
  }

  #record(stored: StoredConsent): ConsentRecord {
    return { ...stored, payload: canonicalJson(this.#receipt(stored)) };
  }

  /** Signs receipts recorded while no key was unlocked, then starts delivering them. */
  async signPending(): Promise<void> {
    if (!this.#o.signer()) return;
    for (const record of await this.list()) {
      if (record.signature) continue;
      const signed = await this.#sign(record).catch((error: unknown) => {
        // A decision whose fields are not a receipt (altered at rest) is never signed.
        this.#o.onError(toSealError(error, 'INVALID_INPUT', 'A consent decision could not be signed'));
        return { signature: '', fingerprint: null };
      });
      if (!signed.signature) continue;
      // Another tab may have signed and delivered it meanwhile: its signature stands, as the portal keeps
      // the first receipt under an id (and may refuse another), and the copy kept here must match it.
      const tx = this.#o.db.transaction('consent', 'readwrite');
      const current = await tx.store.get(record.id);
      if (current && !current.signature && sameDecision(current, record)) await tx.store.put({ ...current, ...signed });
      await tx.done;
    }
    void this.deliver();
  }

  /** Delivers signed, undelivered receipts through `transport.recordConsent` (idempotent by id). */
  deliver(): Promise<void> {
    const recordConsent = this.#o.transport.recordConsent;
    if (!recordConsent) return Promise.resolve();
    this.#delivering ??= (async () => {
      for (const record of await this.list()) {
        if (record.delivered || !record.signature) continue;
        await callTransport(() => recordConsent.call(this.#o.transport, { id: record.id, userId: this.#o.userId, payload: record.payload, signature: record.signature }));
        await this.#o.db.put('consent', { ...record, delivered: true });
      }
    })()
      .catch((error: unknown) => this.#o.onError(toSealError(error, 'TRANSPORT', 'Delivering a consent receipt failed')))
      .finally(() => (this.#delivering = null));
    return this.#delivering;
  }

  async #sign(stored: StoredConsent): Promise<{ signature: string; fingerprint: string | null }> {
    const signer = this.#o.signer();
    if (!signer) return { signature: '', fingerprint: null };
    const { signature } = await this.#o.crypto.call('signConsentReceipt', this.#receipt(stored));
    return { signature, fingerprint: signer.fingerprint };
  }
}

/** Whether a stored decision still states what was signed (another tab may have changed it meanwhile). */
function sameDecision(a: StoredConsent, b: StoredConsent): boolean {
  const fields = ({ id, policyId, policyVersion, policyHash, purposes, decision, at }: StoredConsent) => canonicalJson({ id, policyId, policyVersion, policyHash, purposes, decision, at });
  return fields(a) === fields(b);
}
