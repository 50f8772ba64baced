import * as v from 'valibot';
import { timestamp, userId } from '../envelope.js';
import { SealError } from '../errors.js';

/** The portal's messaging terms the user is asked to accept. */
export interface ConsentPolicy {
  /** Stable id of the policy, e.g. `secure-messaging-terms`. */
  readonly id: string;
  /** Version; a new version asks the user again. */
  readonly version: string;
  /** The text the user is shown (hashed into every receipt, so the receipt proves what was agreed to). */
  readonly text: string;
  /** Optional purposes besides the required one, each its own choice. */
  readonly purposes?: readonly ConsentPurpose[];
}

export interface ConsentPurpose {
  readonly id: string;
  /** Required purposes are part of accepting; optional ones default to off. */
  readonly required?: boolean;
}

export type ConsentDecision = 'accepted' | 'declined' | 'withdrawn';

/** What a consent receipt states; signed as canonical JSON. */
export interface ConsentReceiptPayload {
  readonly v: 1;
  readonly type: 'sealbox-consent-receipt';
  readonly id: string;
  readonly policyId: string;
  readonly policyVersion: string;
  /** SHA-256 (hex) of the policy text shown. */
  readonly policyHash: string;
  /** Each purpose and whether the user agreed to it. */
  readonly purposes: Readonly<Record<string, boolean>>;
  readonly decision: ConsentDecision;
  readonly at: string;
  readonly userId: string;
  readonly deviceId: string;
}

/**
 * A decision as stored on the device: its fields only. The receipt that is signed and delivered is
 * built from them each time (never read back as text), so nothing planted in storage can be signed.
 */
export interface StoredConsent {
  readonly id: string;
  readonly policyId: string;
  readonly policyVersion: string;
  /** SHA-256 (hex) of the policy text shown. */
  readonly policyHash: string;
  readonly decision: ConsentDecision;
  readonly purposes: Readonly<Record<string, boolean>>;
  readonly at: string;
  /** Detached signature over the receipt, made for `consent-receipt`; empty until an identity exists to sign it. */
  readonly signature: string;
  readonly fingerprint: string | null;
  readonly delivered: boolean;
}

/** A receipt as the client reports it: the stored decision and the canonical receipt it states. */
export interface ConsentRecord extends StoredConsent {
  /** Canonical JSON of the {@link ConsentReceiptPayload}, built from the decision's fields. */
  readonly payload: string;
}

/** The user's current standing for a policy. */
export interface ConsentStatus {
  readonly policyId: string;
  /** The version the latest decision was about, or null when never asked. */
  readonly version: string | null;
  readonly decision: ConsentDecision | null;
  readonly purposes: Readonly<Record<string, boolean>>;
  readonly at: string | null;
  /** True only when the latest decision is `accepted` and is about `currentVersion`. */
  readonly granted: boolean;
  readonly receiptId: string | null;
}

const printable = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max), v.regex(/^[^\p{Cc}]+$/u, 'must be printable'));

const receiptSchema = v.strictObject({
  v: v.literal(1),
  type: v.literal('sealbox-consent-receipt'),
  id: v.pipe(v.string(), v.uuid()),
  policyId: printable(200),
  policyVersion: printable(100),
  policyHash: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex')),
  purposes: v.pipe(
    v.record(printable(100), v.boolean()),
    v.check((purposes) => Object.keys(purposes).length <= 50, 'at most 50 purposes'),
  ),
  decision: v.picklist(['accepted', 'declined', 'withdrawn']),
  at: timestamp,
  userId,
  deviceId: v.pipe(v.string(), v.uuid()),
});

/**
 * The fields of a consent receipt, checked: exactly the receipt's fields, each well formed (throws
 * INVALID_INPUT otherwise). The crypto engine signs only what passes, written out as canonical JSON.
 */
export function consentReceiptFields(value: unknown): ConsentReceiptPayload {
  const result = v.safeParse(receiptSchema, value);
  if (!result.success) throw new SealError('INVALID_INPUT', `Not a consent receipt (${v.getDotPath(result.issues[0]) ?? 'receipt'})`);
  return result.output;
}
