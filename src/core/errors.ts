/**
 * Every failure Sealbox reports is a `SealError` with a stable `code`. Codes are part of the public
 * contract: integrators switch on them, so they never change meaning.
 */
export type SealErrorCode =
  /** The message carries no signature at all. */
  | 'NOT_SIGNED'
  /** A signature is present but does not verify (the signed data was altered). */
  | 'BAD_SIGNATURE'
  /** The message was signed by a key other than the claimed sender's pinned key, or names another sender. */
  | 'WRONG_SENDER'
  /** The ciphertext was altered (integrity check failed) or cannot be parsed as OpenPGP. */
  | 'TAMPERED'
  /** The signed inner envelope does not match the routing data (replayed into another thread, re-addressed). */
  | 'ROUTING_MISMATCH'
  /**
   * A valid signature by the right key, made for something else (an attachment chunk, a consent receipt,
   * a draft, ...) than what it is presented as: see docs/signing-contexts.md. `details.expected` names
   * the purpose that was required.
   */
  | 'WRONG_PURPOSE'
  /**
   * The transport delivered an envelope that is not well formed (or could not be stored): it is kept as
   * a message that cannot be read, `details.reason` names the field, and the other envelopes are delivered.
   */
  | 'MALFORMED_ENVELOPE'
  /** An input is over a configured size bound (ciphertext, decompressed data, key parameters). */
  | 'TOO_LARGE'
  /** The operation needs the private key, and the vault is locked. */
  | 'LOCKED'
  /** Too many wrong passphrases: the next attempt is allowed after `retryAt`. */
  | 'LOCKED_OUT'
  /** The passphrase did not unlock the key. */
  | 'WRONG_PASSPHRASE'
  /** A contact's key changed and must be accepted or verified before sending. */
  | 'KEY_CHANGED'
  /**
   * The contact revoked their key, or it expired (`details.reason`): nothing is sent to it, and a message
   * it signs is not shown as theirs, until they publish a new key.
   */
  | 'KEY_REVOKED'
  /**
   * A contact's saved record was changed outside Sealbox (its seal does not match): nothing is sent to
   * them until the user accepts or verifies one of its keys (`details.userId`).
   */
  | 'CONTACT_ALTERED'
  /** No public key is known or published for a recipient. */
  | 'NO_KEY_FOR_RECIPIENT'
  /** The message is not encrypted to this user's key. */
  | 'NOT_FOR_ME'
  /** The portal's messaging terms must be accepted (for their current version) first. */
  | 'CONSENT_REQUIRED'
  /** No identity exists yet for this user on this device. */
  | 'NO_IDENTITY'
  /** An identity already exists; creating or importing another would overwrite it. */
  | 'IDENTITY_EXISTS'
  /** A key, backup or envelope is malformed or belongs to another user. */
  | 'INVALID_INPUT'
  /** The transport adapter failed (network, server, protocol). `retryable` says whether to try again. */
  | 'TRANSPORT'
  /** Local storage (IndexedDB) failed or is unavailable. */
  | 'STORAGE'
  /** The item asked for does not exist. */
  | 'NOT_FOUND'
  /** The crypto worker could not start (a Content-Security-Policy may block workers or WebAssembly). */
  | 'CRYPTO_UNAVAILABLE'
  /** An operation failed for a reason not covered above; `cause` holds the original error. */
  | 'INTERNAL'
  /** The client was closed. */
  | 'CLOSED'
  /** The caller cancelled the operation (an AbortSignal fired). */
  | 'ABORTED'
  /** An attachment chunk differs from its entry in the signed manifest (altered, swapped, replaced or resized). */
  | 'ATTACHMENT_CHUNK_MISMATCH'
  /** An attachment chunk is missing or shorter than the signed manifest says. */
  | 'ATTACHMENT_TRUNCATED'
  /** The reassembled attachment does not match the size or SHA-256 in the signed manifest. */
  | 'ATTACHMENT_DIGEST_MISMATCH'
  /** An attachment chunk is unsigned or not signed by the sender's key; `details.reason` names the check. */
  | 'ATTACHMENT_SIGNATURE'
  /** An attachment's content type is not allowed, or its content is not of the type its manifest names. */
  | 'ATTACHMENT_TYPE'
  /** The transport cannot carry attachments (it has no blob methods). */
  | 'ATTACHMENTS_UNSUPPORTED';

/** Attachment failures (of `openFile`) that prove a file is not what its signer sent (as opposed to "cannot check now"). */
export const VERIFICATION_FAILURES: ReadonlySet<SealErrorCode> = new Set([
  'ATTACHMENT_CHUNK_MISMATCH',
  'ATTACHMENT_TRUNCATED',
  'ATTACHMENT_DIGEST_MISMATCH',
  'ATTACHMENT_SIGNATURE',
]);

/** Attachment failures that trying again cannot mend: the verification failures, and content whose type is not as signed or not allowed. */
export const FINAL_FAILURES: ReadonlySet<SealErrorCode> = new Set([...VERIFICATION_FAILURES, 'ATTACHMENT_TYPE']);

export interface SealErrorOptions {
  cause?: unknown;
  /** For TRANSPORT errors: whether repeating the same call may succeed (network, 5xx, 429). */
  retryable?: boolean;
  /** For LOCKED_OUT: epoch milliseconds when the next attempt is allowed. */
  retryAt?: number;
  /** Ids and metadata that help the integrator (never plaintext or secrets). */
  details?: Readonly<Record<string, string | number | boolean>>;
}

export class SealError extends Error {
  override readonly name = 'SealError';
  readonly code: SealErrorCode;
  readonly retryable: boolean;
  readonly retryAt: number | undefined;
  readonly details: Readonly<Record<string, string | number | boolean>>;

  constructor(code: SealErrorCode, message: string, options: SealErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAt = options.retryAt;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }

  /** A plain, structured-clone-safe description (ids and codes only) for events and logs. */
  toJSON(): SealErrorInfo {
    return { code: this.code, message: this.message, retryable: this.retryable, retryAt: this.retryAt, details: this.details };
  }
}

export interface SealErrorInfo {
  code: SealErrorCode;
  message: string;
  retryable: boolean;
  retryAt: number | undefined;
  details: Readonly<Record<string, string | number | boolean>>;
}

export function isSealError(value: unknown, code?: SealErrorCode): value is SealError {
  return value instanceof SealError && (code === undefined || value.code === code);
}

/** Rebuilds a SealError from its plain form (used across the worker boundary). */
export function sealErrorFromInfo(info: SealErrorInfo): SealError {
  return new SealError(info.code, info.message, { retryable: info.retryable, retryAt: info.retryAt, details: info.details });
}

/** Wraps anything thrown into a SealError, keeping SealErrors as they are. */
export function toSealError(error: unknown, fallback: SealErrorCode, message: string): SealError {
  if (error instanceof SealError) return error;
  return new SealError(fallback, message, { cause: error });
}
