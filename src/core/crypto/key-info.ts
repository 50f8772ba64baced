/**
 * Public facts about a key; safe to hand to the main thread. In a file of its own so that the
 * package's type declarations reach no openpgp.js types (an application type-checks them without
 * openpgp's own type dependencies).
 */
export interface KeyInfo {
  readonly fingerprint: string;
  readonly armoredPublicKey: string;
  readonly userIds: readonly string[];
  readonly createdAt: string;
}
