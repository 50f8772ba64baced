import { canonicalJson, sha256Hex } from '../canonical.js';
import { auditSealStatement, GENESIS_HASH, type AuditEntry, type AuditSeal } from './audit-types.js';

/**
 * - `edited`, `deleted-or-inserted`, `reordered`: an entry was changed, removed, added or moved;
 * - `bad-seal`: a seal's signature does not verify (or was not made for an audit seal);
 * - `seal-mismatch`: a seal names an entry hash the log does not have;
 * - `seal-chain`: a seal does not follow the seal before it (seals were removed or replaced);
 * - `truncated`: the log ends before the last seal known from elsewhere (`knownHead`);
 * - `malformed`: an entry is not an entry.
 */
export type AuditProblem = 'edited' | 'deleted-or-inserted' | 'reordered' | 'bad-seal' | 'seal-mismatch' | 'seal-chain' | 'truncated' | 'malformed';

/** The last seal as kept outside the log: the portal's copy (delivered audit records), or this device's. */
export interface AuditHead {
  readonly throughSeq: number;
  readonly hash: string;
}

export interface AuditVerification {
  /** True when every entry links to its predecessor and every seal's signature is valid. */
  readonly intact: boolean;
  /** The `seq` (1-based position) where the log first breaks, or null. */
  readonly brokenAt: number | null;
  readonly problem: AuditProblem | null;
  /** Entries covered by a valid seal; later entries are chained but not yet signed. */
  readonly signedThrough: number;
  readonly entries: number;
  /** With `problem` `truncated`: how far the log was sealed according to `knownHead`. */
  readonly knownThrough?: number;
}

/** Checks a detached signature over `text`; resolves false when it does not verify. */
export type SignatureCheck = (text: string, armoredSignature: string) => Promise<boolean>;

export async function entryHash(entry: Omit<AuditEntry, 'hash'> & { hash?: string }): Promise<string> {
  const { hash: _ignored, ...fields } = entry;
  return sha256Hex(canonicalJson(fields));
}

/**
 * Verifies an exported audit log. Any edit, deletion, insertion or reordering of entries is detected
 * and located; seals are checked with `checkSignature` (the user's public key) and must each follow
 * the one before. A log cut short, with its later entries and seals dropped, is still a consistent
 * prefix: pass the last seal known from elsewhere as `knownHead` (the portal's copy of the delivered
 * log, or this device's) and such a log is reported `truncated`. Entries after the last seal are
 * checked as a chain but could be truncated undetectably; `signedThrough` says how far the
 * signatures reach.
 */
export async function verifyAuditLog(
  log: { entries: readonly AuditEntry[]; seals: readonly AuditSeal[] },
  checkSignature: SignatureCheck,
  options: { knownHead?: AuditHead | null } = {},
): Promise<AuditVerification> {
  const { entries, seals } = log;
  const broken = (at: number, problem: AuditProblem, signedThrough = 0): AuditVerification => ({
    intact: false,
    brokenAt: at,
    problem,
    signedThrough,
    entries: entries.length,
  });
  let previous = GENESIS_HASH;
  for (let index = 0; index < entries.length; index += 1) {
    const entry = entries[index]!;
    const position = index + 1;
    if (!entry || typeof entry.hash !== 'string' || typeof entry.prevHash !== 'string') return broken(position, 'malformed');
    if ((await entryHash(entry)) !== entry.hash) return broken(position, 'edited');
    if (entry.prevHash !== previous) {
      // A link to a later or earlier entry of the same log means entries were moved.
      const moved = entries.some((other, otherIndex) => otherIndex !== index - 1 && other?.hash === entry.prevHash);
      return broken(position, moved ? 'reordered' : 'deleted-or-inserted');
    }
    if (entry.seq !== position) return broken(position, 'deleted-or-inserted');
    previous = entry.hash;
  }
  let signedThrough = 0;
  let previousSeal = GENESIS_HASH;
  for (const seal of [...seals].sort((a, b) => a.throughSeq - b.throughSeq)) {
    const entry = entries[seal.throughSeq - 1];
    if (!entry || entry.hash !== seal.hash) return broken(Math.min(seal.throughSeq, entries.length + 1), 'seal-mismatch', signedThrough);
    if (seal.prevSealHash !== previousSeal) return broken(seal.throughSeq, 'seal-chain', signedThrough);
    let statement: string;
    try {
      statement = auditSealStatement(entry.userId, seal);
    } catch {
      return broken(seal.throughSeq, 'bad-seal', signedThrough);
    }
    const valid = await checkSignature(statement, seal.signature).catch(() => false);
    if (!valid) return broken(seal.throughSeq, 'bad-seal', signedThrough);
    signedThrough = seal.throughSeq;
    previousSeal = await sha256Hex(seal.signature);
  }
  const head = options.knownHead;
  if (head && head.throughSeq > 0) {
    if (head.throughSeq > signedThrough) return { ...broken(signedThrough + 1, 'truncated', signedThrough), knownThrough: head.throughSeq };
    if (entries[head.throughSeq - 1]?.hash !== head.hash) return broken(head.throughSeq, 'seal-mismatch', signedThrough);
  }
  return { intact: true, brokenAt: null, problem: null, signedThrough, entries: entries.length };
}
