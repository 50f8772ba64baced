import type { SignedRecord } from '../../transport/transport.js';
import type { ConsentReceiptPayload } from './consent-types.js';

export interface ConsentReceiptCheck {
  readonly valid: boolean;
  /** The receipt's statement when it parses (check `valid` before trusting it). */
  readonly receipt: ConsentReceiptPayload | null;
  readonly reason: 'ok' | 'malformed' | 'bad-signature' | 'unsigned' | 'mismatch';
}

/**
 * Checks a consent receipt (as delivered to `transport.recordConsent`) against the user's public key:
 * the signature must cover the exact payload, and the payload must name the same id and user. Any
 * altered field fails. Runs in browsers and in Node (it loads openpgp.js on first use).
 */
export async function verifyConsentReceipt(record: SignedRecord, armoredPublicKey: string): Promise<ConsentReceiptCheck> {
  let receipt: ConsentReceiptPayload | null = null;
  try {
    receipt = JSON.parse(record.payload) as ConsentReceiptPayload;
  } catch {
    return { valid: false, receipt: null, reason: 'malformed' };
  }
  if (receipt?.type !== 'sealbox-consent-receipt' || receipt.v !== 1) return { valid: false, receipt: null, reason: 'malformed' };
  if (receipt.id !== record.id || receipt.userId !== record.userId) return { valid: false, receipt, reason: 'mismatch' };
  if (!record.signature) return { valid: false, receipt, reason: 'unsigned' };
  try {
    const openpgp = await import('openpgp');
    const [verificationKeys, signature, message] = await Promise.all([
      openpgp.readKey({ armoredKey: armoredPublicKey }),
      openpgp.readSignature({ armoredSignature: record.signature }),
      openpgp.createMessage({ text: record.payload }),
    ]);
    const { signatures } = await openpgp.verify({ message, signature, verificationKeys, expectSigned: true });
    return { valid: signatures.length > 0, receipt, reason: 'ok' };
  } catch {
    return { valid: false, receipt, reason: 'bad-signature' };
  }
}
