// Public entry point: classes, types and functions only, no side effects (elements register in define.ts).
export { createSealClient, SealClient } from './core/client.js';
export type { SealClientOptions } from './core/client-options.js';
export { getBasePath, setBasePath, type SealWorkerFactory, type SealWorkerKind } from './core/workers/start-worker.js';
export * from './core/client-events.js';
export { SealError, isSealError, type SealErrorCode, type SealErrorInfo } from './core/errors.js';
export { formatFingerprint, fingerprintGroups, normalizeFingerprint, type FingerprintStyle } from './core/fingerprint.js';
export type { Contact, ContactState } from './core/contacts/contact.js';
export type { CryptoLimits, KeyProtection } from './core/crypto/limits.js';
export type { LockoutPolicy } from './core/vault/lockout.js';
export type { DeliveryState, OutboxItem, OutboxPolicy } from './core/store/outbox.js';
export type * from './core/types.js';
export { DEFAULT_ATTACHMENT_LIMITS, type AttachmentLimits } from './core/attachments/limits.js';
export * from './transport/index.js';
export { verifyAuditLog, type AuditVerification, type AuditProblem, type SignatureCheck } from './core/audit/verify-audit-log.js';
export { verifyExportedAuditLog } from './core/audit/verify-exported.js';
export { AUDIT_KINDS, type AuditEntry, type AuditKind, type AuditSeal, type AuditData } from './core/audit/audit-types.js';
export type { AuditExport } from './core/audit/audit-trail.js';
export type { SecurityAlertKind, SecurityThresholds } from './core/audit/security-monitor.js';
export { verifyConsentReceipt, type ConsentReceiptCheck } from './core/consent/verify-consent-receipt.js';
export type * from './core/consent/consent-types.js';

// Elements (classes only; register them with `sealbox/define` or one define module per tag).
export { SealAuditLog, type AuditFilter } from './elements/audit-log/audit-log.js';
export { SealComposer } from './elements/composer/composer.js';
export { SealConsentBanner, type ConsentPurposeOption } from './elements/consent-banner/consent-banner.js';
export { SealContactVerify } from './elements/contact-verify/contact-verify.js';
export { SealInbox } from './elements/inbox/inbox.js';
export { SealMessenger } from './elements/messenger/messenger.js';
export { SealProvider } from './elements/provider/provider.js';
export { SealThread } from './elements/thread/thread.js';
export { SealUnlock } from './elements/unlock/unlock.js';
export { SealElement } from './elements/seal-element.js';
export * from './events/events.js';
export { sealClientContext } from './context/client-context.js';
export { getLocale, setLocale, SUPPORTED_LOCALES, type SealLocale } from './localize/localize.js';
