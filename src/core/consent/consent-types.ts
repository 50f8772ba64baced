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

/** A receipt as stored on the device. `signature` is empty until an identity exists to sign it. */
export interface ConsentRecord {
  readonly id: string;
  readonly policyId: string;
  readonly policyVersion: string;
  readonly decision: ConsentDecision;
  readonly purposes: Readonly<Record<string, boolean>>;
  readonly at: string;
  /** Canonical JSON of the {@link ConsentReceiptPayload}. */
  readonly payload: string;
  readonly signature: string;
  readonly fingerprint: string | null;
  readonly delivered: boolean;
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
