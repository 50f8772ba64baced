import type { SealTransport } from '../transport/transport.js';
import { AuditLog } from './audit/audit-log.js';
import { AuditTrail } from './audit/audit-trail.js';
import type { AuditData, AuditEntry, AuditKind } from './audit/audit-types.js';
import { SecurityMonitor, type SecurityAlert, type SecurityThresholds } from './audit/security-monitor.js';
import { ConsentBook } from './consent/consent-book.js';
import type { ConsentDecision } from './consent/consent-types.js';
import type { CryptoClient } from './crypto/crypto-client.js';
import type { SealDatabase } from './store/database.js';
import type { OutboxPolicy } from './store/outbox.js';

const CONSENT_AUDIT: Record<ConsentDecision, AuditKind> = {
  accepted: 'consent-given',
  declined: 'consent-declined',
  withdrawn: 'consent-withdrawn',
};

export interface ComplianceOptions {
  db: SealDatabase;
  crypto: CryptoClient;
  transport: SealTransport;
  userId: string;
  deviceId: string;
  retry: OutboxPolicy;
  thresholds?: Partial<SecurityThresholds>;
  signer: () => { fingerprint: string; armoredPublicKey: string } | null;
  publicKey: () => string | null;
  onAppend: (entry: AuditEntry) => void;
  onAlert: (alert: SecurityAlert) => void;
  onError: (error: unknown) => void;
}

/**
 * The client's record keeping: the audit trail, consent receipts and local security signals, wired so
 * that each alert is also an audit entry and signatures catch up whenever the key is unlocked.
 */
export class Compliance {
  readonly audit: AuditTrail;
  readonly consent: ConsentBook;
  readonly monitor: SecurityMonitor;

  constructor(o: ComplianceOptions) {
    const log = new AuditLog(o.db, o.userId, o.deviceId);
    this.audit = new AuditTrail({ ...o, log });
    this.consent = new ConsentBook(o);
    this.monitor = new SecurityMonitor(o.thresholds, (alert) => {
      o.onAlert(alert);
      // Key changes and verification failures have their own entries; the rest are recorded here.
      if (alert.kind === 'decryption-burst') void this.audit.record('decryption-burst', alert.data);
    });
  }

  record(kind: AuditKind, data: AuditData = {}): void {
    void this.audit.record(kind, data);
  }

  consentRecorded(decision: ConsentDecision, data: AuditData): void {
    this.record(CONSENT_AUDIT[decision], data);
  }

  /**
   * The key was just unlocked (or created): sign what waited for it, then deliver in the background
   * (a backend that does not answer holds up nothing).
   */
  async catchUp(): Promise<void> {
    await this.consent.signPending();
    await this.audit.sign();
    void this.audit.deliver();
  }

  stop(): void {
    this.audit.stop();
  }
}

/** A random id for this browser profile's copy of the user's data, kept in the database. */
export async function ensureDeviceId(db: SealDatabase): Promise<string> {
  const existing = await db.get('meta', 'deviceId');
  if (existing) return existing;
  const created = crypto.randomUUID();
  await db.put('meta', created, 'deviceId');
  return created;
}
