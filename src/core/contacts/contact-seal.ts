import { canonicalJson } from '../canonical.js';
import { SealError } from '../errors.js';
import type { ContactRecord, PinnedKey } from '../store/database.js';

/** Names what a contact seal covers; part of the stored format: a new layout gets a new name. */
const SEAL_LAYOUT = 'sealbox-contact-seal-1';

/**
 * The text a contact record's seal covers: everything that decides trust (the user id, every key with
 * when it was seen, replaced or found unusable, the verification mark, the name the user confirmed,
 * whether it was found altered) and the name and role shown (the directory changes those, but only
 * through Sealbox, which seals what it writes). Built from the record's fields, never taken from
 * storage as text. Throws INVALID_INPUT for anything not shaped as a contact record.
 */
export function contactSealText(record: ContactRecord): string {
  if (!record || typeof record !== 'object' || typeof record.userId !== 'string') throw invalid();
  if (!Array.isArray(record.previousKeys)) throw invalid();
  return canonicalJson({
    layout: SEAL_LAYOUT,
    userId: record.userId,
    displayName: textOrNull(record.displayName),
    role: textOrNull(record.role),
    pinned: keyFacts(record.pinned),
    pendingKey: record.pendingKey === null ? null : keyFacts(record.pendingKey),
    previousKeys: record.previousKeys.map(keyFacts),
    verifiedAt: optionalText(record.verifiedAt),
    confirmedName: optionalText(record.confirmedName ?? null),
    altered: record.altered === true,
  });
}

function keyFacts(key: PinnedKey): Record<string, string | null> {
  if (!key || typeof key !== 'object') throw invalid();
  for (const field of [key.fingerprint, key.armoredKey, key.seenAt]) if (typeof field !== 'string') throw invalid();
  return {
    fingerprint: key.fingerprint,
    armoredKey: key.armoredKey,
    seenAt: key.seenAt,
    unusable: optionalText(key.unusable ?? null),
    replacedAt: optionalText(key.replacedAt ?? null),
  };
}

/** Names that are not text are shown as none (see person-name.ts), and sealed as none. */
function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function optionalText(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') throw invalid();
  return value;
}

function invalid(): SealError {
  return new SealError('INVALID_INPUT', 'Not a contact record');
}
