import type { SignedRecord } from '../../transport/transport.js';
import { canonicalJson } from '../canonical.js';
import { signedFor } from '../crypto/signing-purpose.js';
import { consentReceiptFields, type ConsentReceiptPayload } from './consent-types.js';

export interface ConsentReceiptCheck {
  readonly valid: boolean;
  /** The receipt's statement when it parses (check `valid` before trusting it). */
  readonly receipt: ConsentReceiptPayload | null;
  /** `wrong-purpose`: a valid signature of the user's, made for something other than a consent receipt. */
  readonly reason: 'ok' | 'malformed' | 'bad-signature' | 'wrong-purpose' | 'unsigned' | 'mismatch';
}

/**
 * Checks a consent receipt (as delivered to `transport.recordConsent`) against the user's public key:
 * the payload must be a well-formed receipt in canonical form naming the same id and user, and the
 * signature must cover it exactly and be made for `consent-receipt`. Any altered field fails. Runs in
 * browsers and in Node (it loads openpgp.js on first use).
 */
export async function verifyConsentReceipt(record: SignedRecord, armoredPublicKey: string): Promise<ConsentReceiptCheck> {
  let receipt: ConsentReceiptPayload | null = null;
  try {
    receipt = JSON.parse(record.payload) as ConsentReceiptPayload;
  } catch {
    return { valid: false, receipt: null, reason: 'malformed' };
  }
  try {
    receipt = consentReceiptFields(receipt);
  } catch {
    return { valid: false, receipt: null, reason: 'malformed' };
  }
  if (canonicalJson(receipt) !== record.payload) return { valid: false, receipt: null, reason: 'malformed' };
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
    let otherPurpose = false;
    for (const candidate of signatures) {
      if (!(await candidate.verified.catch(() => false))) continue;
      if (signedFor((await candidate.signature).packets[0]!, 'consent-receipt')) return { valid: true, receipt, reason: 'ok' };
      otherPurpose = true;
    }
    return { valid: false, receipt, reason: otherPurpose ? 'wrong-purpose' : 'bad-signature' };
  } catch {
    return { valid: false, receipt, reason: 'bad-signature' };
  }
}
