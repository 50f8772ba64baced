import type { AuditKind } from './audit/audit-types.js';
import type { SecurityAlertKind } from './audit/security-monitor.js';
import type { ConsentDecision } from './consent/consent-types.js';
import type { SealErrorInfo } from './errors.js';
import type { OutboxItem } from './store/outbox.js';

/** Identity and lock state of a client. */
export type IdentityState = 'no-identity' | 'locked' | 'unlocked';

/** Why the lock state changed. `idle` is the auto-lock after inactivity. */
export type LockChangeReason = 'created' | 'imported' | 'unlocked' | 'locked' | 'idle' | 'closed';

/*
 * Client events carry ids and metadata only: never subjects, bodies, passphrases or keys, because
 * portal code (and any script on the page) may listen to them.
 */

export class LockChangeEvent extends Event {
  static readonly type = 'lock-change';
  constructor(
    readonly state: IdentityState,
    readonly reason: LockChangeReason,
  ) {
    super(LockChangeEvent.type);
  }
}

export class MessageReceivedEvent extends Event {
  static readonly type = 'message-received';
  constructor(
    readonly messageId: string,
    readonly threadId: string,
    readonly from: string,
  ) {
    super(MessageReceivedEvent.type);
  }
}

/** A thread's summary changed (new message, read state, delivery). */
export class ThreadChangeEvent extends Event {
  static readonly type = 'thread-change';
  constructor(readonly threadId: string) {
    super(ThreadChangeEvent.type);
  }
}

export class ContactKeyChangedEvent extends Event {
  static readonly type = 'contact-key-changed';
  constructor(
    readonly userId: string,
    readonly previousFingerprint: string,
    readonly newFingerprint: string,
  ) {
    super(ContactKeyChangedEvent.type);
  }
}

/**
 * Why a contact changed: `pinned` (first key seen) and `refreshed` (directory data read again) change
 * names and roles only; `key-changed`, `key-accepted` and `verified` also change message statuses.
 */
export type ContactChangeReason = 'pinned' | 'refreshed' | 'key-changed' | 'key-accepted' | 'verified' | 'key-revoked' | 'altered' | 'name-changed' | 'name-accepted';

/** A contact was pinned, refreshed, verified, or its key changed or was accepted. */
export class ContactChangeEvent extends Event {
  static readonly type = 'contact-change';
  constructor(
    readonly userId: string,
    readonly reason: ContactChangeReason,
  ) {
    super(ContactChangeEvent.type);
  }

  /** Whether the statuses of this contact's messages may have changed. */
  get affectsStatus(): boolean {
    return this.reason !== 'pinned' && this.reason !== 'refreshed';
  }
}

export class OutboxChangeEvent extends Event {
  static readonly type = 'outbox-change';
  constructor(readonly items: readonly OutboxItem[]) {
    super(OutboxChangeEvent.type);
  }
}

/** A message failed verification when opened; its content is withheld. */
export class MessageInvalidEvent extends Event {
  static readonly type = 'message-invalid';
  constructor(
    readonly messageId: string,
    readonly threadId: string,
    readonly from: string,
    readonly code: string,
  ) {
    super(MessageInvalidEvent.type);
  }
}

/** Background work (sync, key publication) failed; the client keeps retrying where that makes sense. */
export class ClientErrorEvent extends Event {
  static readonly type = 'error';
  constructor(
    readonly operation: 'sync' | 'publish-key' | 'subscribe' | 'audit' | 'consent',
    readonly error: SealErrorInfo,
  ) {
    super(ClientErrorEvent.type);
  }
}

/** A local security signal (see `securityThresholds`); also written to the audit log. */
export class SecurityAlertEvent extends Event {
  static readonly type = 'security-alert';
  constructor(
    readonly kind: SecurityAlertKind,
    readonly data: Readonly<Record<string, string | number | boolean>>,
  ) {
    super(SecurityAlertEvent.type);
  }
}

/** An entry was appended to the local audit log. */
export class AuditAppendEvent extends Event {
  static readonly type = 'audit-append';
  constructor(
    readonly seq: number,
    readonly kind: AuditKind,
  ) {
    super(AuditAppendEvent.type);
  }
}

/** The user gave, declined or withdrew consent, or the required policy changed. */
export class ConsentChangeEvent extends Event {
  static readonly type = 'consent-change';
  constructor(
    readonly policyId: string,
    readonly decision: ConsentDecision | null,
    readonly granted: boolean,
  ) {
    super(ConsentChangeEvent.type);
  }
}

export interface SealClientEventMap {
  'security-alert': SecurityAlertEvent;
  'audit-append': AuditAppendEvent;
  'consent-change': ConsentChangeEvent;
  'lock-change': LockChangeEvent;
  'message-received': MessageReceivedEvent;
  'thread-change': ThreadChangeEvent;
  'contact-key-changed': ContactKeyChangedEvent;
  'contact-change': ContactChangeEvent;
  'outbox-change': OutboxChangeEvent;
  'message-invalid': MessageInvalidEvent;
  error: ClientErrorEvent;
}
