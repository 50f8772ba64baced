import { signedFor } from '../crypto/signing-purpose.js';
import type { AuditExport } from './audit-trail.js';
import { verifyAuditLog, type AuditHead, type AuditVerification } from './verify-audit-log.js';

/**
 * Verifies an exported audit log (`client.exportAuditLog()`) with the user's public key, obtained
 * independently (for example from the portal's key directory): never trust the key inside the export
 * alone. Pass the last seal the portal received (`knownHead`, from the delivered audit records) to
 * detect a log cut short. Runs in browsers and in Node; loads openpgp.js on first use.
 */
export async function verifyExportedAuditLog(exported: AuditExport, armoredPublicKey: string, options: { knownHead?: AuditHead | null } = {}): Promise<AuditVerification> {
  const openpgp = await import('openpgp');
  const verificationKeys = await openpgp.readKey({ armoredKey: armoredPublicKey });
  return verifyAuditLog(exported, async (text, armoredSignature) => {
    try {
      const signature = await openpgp.readSignature({ armoredSignature });
      const message = await openpgp.createMessage({ text });
      const { signatures } = await openpgp.verify({ message, signature, verificationKeys, expectSigned: true });
      for (const candidate of signatures) {
        if ((await candidate.verified.catch(() => false)) && signedFor((await candidate.signature).packets[0]!, 'audit-seal')) return true;
      }
      return false;
    } catch {
      return false;
    }
  }, options);
}
