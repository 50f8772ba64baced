/** Local security signals a portal may want to act on (ids and counts only). */
export type SecurityAlertKind = 'repeated-failed-unlocks' | 'decryption-burst' | 'contact-key-changed' | 'verification-failed';

export interface SecurityThresholds {
  /** Alert from this many consecutive wrong passphrases. Default 3 (the delay starts at 5). */
  readonly failedUnlocks: number;
  /**
   * Alert when more than `count` messages are decrypted within `windowMs`. Default 200 per minute:
   * reading an inbox opens a few dozen; hundreds a minute suggests a script bulk-reading mail.
   */
  readonly decryptionBurst: { readonly count: number; readonly windowMs: number };
}

export const DEFAULT_THRESHOLDS: SecurityThresholds = Object.freeze({
  failedUnlocks: 3,
  decryptionBurst: Object.freeze({ count: 200, windowMs: 60_000 }),
});

export interface SecurityAlert {
  readonly kind: SecurityAlertKind;
  readonly data: Readonly<Record<string, string | number | boolean>>;
}

/** Turns engine activity into alerts. Key changes and failed verifications always alert. */
export class SecurityMonitor {
  readonly #thresholds: SecurityThresholds;
  readonly #alert: (alert: SecurityAlert) => void;
  #decryptions: number[] = [];
  #burstReportedAt = 0;

  constructor(thresholds: Partial<SecurityThresholds> | undefined, alert: (alert: SecurityAlert) => void) {
    this.#thresholds = { ...DEFAULT_THRESHOLDS, ...thresholds };
    this.#alert = alert;
  }

  unlockFailed(failures: number): void {
    if (failures >= this.#thresholds.failedUnlocks) this.#alert({ kind: 'repeated-failed-unlocks', data: { failures } });
  }

  decrypted(now: number = Date.now()): void {
    const { count, windowMs } = this.#thresholds.decryptionBurst;
    this.#decryptions.push(now);
    while (this.#decryptions.length > 0 && this.#decryptions[0]! <= now - windowMs) this.#decryptions.shift();
    if (this.#decryptions.length > count && now - this.#burstReportedAt >= windowMs) {
      this.#burstReportedAt = now;
      this.#alert({ kind: 'decryption-burst', data: { count: this.#decryptions.length, windowMs } });
    }
  }

  keyChanged(userId: string, previousFingerprint: string, newFingerprint: string): void {
    this.#alert({ kind: 'contact-key-changed', data: { userId, previousFingerprint, newFingerprint } });
  }

  verificationFailed(messageId: string, from: string, code: string): void {
    this.#alert({ kind: 'verification-failed', data: { messageId, from, code } });
  }
}
