import type { AuditExport } from './audit-trail.js';
import { verifyAuditLog, type AuditVerification } from './verify-audit-log.js';

/**
 * Verifies an exported audit log (`client.exportAuditLog()`) with the user's public key, obtained
 * independently (for example from the portal's key directory): never trust the key inside the export
 * alone. Runs in browsers and in Node; loads openpgp.js on first use.
 */
export async function verifyExportedAuditLog(exported: AuditExport, armoredPublicKey: string): Promise<AuditVerification> {
  const openpgp = await import('openpgp');
  const verificationKeys = await openpgp.readKey({ armoredKey: armoredPublicKey });
  return verifyAuditLog(exported, async (text, armoredSignature) => {
    try {
      const signature = await openpgp.readSignature({ armoredSignature });
      const message = await openpgp.createMessage({ text });
      const { signatures } = await openpgp.verify({ message, signature, verificationKeys, expectSigned: true });
      return signatures.length > 0;
    } catch {
      return false;
    }
  });
}
