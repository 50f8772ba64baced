import * as openpgp from 'openpgp/lightweight';
import type { PrivateKey, PublicKey } from 'openpgp/lightweight';
import { SealError } from '../errors.js';
import type { KeyInfo } from './key-info.js';
import { byteLength, type CryptoLimits, type KeyProtection } from './limits.js';

export type { KeyInfo };

export async function describeKey(key: PublicKey | PrivateKey): Promise<KeyInfo> {
  const publicKey = key.isPrivate() ? key.toPublic() : key;
  return {
    fingerprint: key.getFingerprint().toUpperCase(),
    armoredPublicKey: publicKey.armor(),
    userIds: key.getUserIDs(),
    createdAt: key.getCreationTime().toISOString(),
  };
}

/** The OpenPGP user id written into a Sealbox key: the portal's user id, verbatim. */
export function openpgpUserId(userId: string): { name: string } {
  return { name: userId };
}

/**
 * Whether the key was issued for `userId`: one of its user ids names it and carries a valid
 * self-certification. A user id merely appended to someone else's key (no signature by that key's
 * owner over it) does not count, so nobody can publish another person's key as their own.
 */
export async function keyBelongsTo(key: PublicKey | PrivateKey, userId: string): Promise<boolean> {
  for (const user of key.users) {
    const named = user.userID?.name === userId || user.userID?.email === userId || user.userID?.userID === userId;
    if (!named) continue;
    // User.verify throws when no self-certification is valid; a revoked one verifies as false.
    if (await user.verify().then((valid) => valid === true, () => false)) return true;
  }
  return false;
}

/** Whether a key that fails verification is revoked or expired (as opposed to broken). */
async function unusableBecause(key: PublicKey): Promise<'revoked' | 'expired' | null> {
  if (await key.isRevoked().catch(() => false)) return 'revoked';
  const expires = await key.getExpirationTime().catch(() => null);
  return expires instanceof Date && expires.getTime() <= Date.now() ? 'expired' : null;
}

export function protectionConfig(protection: KeyProtection): Partial<openpgp.Config> {
  return protection === 'argon2'
    ? { s2kType: openpgp.enums.s2k.argon2, aeadProtect: true }
    : { s2kType: openpgp.enums.s2k.iterated, aeadProtect: false };
}

/** A curve25519 (`ecc`, v4) key: readable by GnuPG 2.2 and other OpenPGP tools. */
export async function generateIdentityKey(userId: string): Promise<PrivateKey> {
  const { privateKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [openpgpUserId(userId)],
    format: 'object',
  });
  return privateKey;
}

export async function protectKey(key: PrivateKey, passphrase: string, protection: KeyProtection): Promise<string> {
  assertPassphrase(passphrase);
  // encryptKey works on a copy, so the unlocked key the worker holds stays usable.
  const locked = await openpgp.encryptKey({ privateKey: key, passphrase, config: protectionConfig(protection) });
  return locked.armor();
}

export function assertPassphrase(passphrase: unknown): asserts passphrase is string {
  if (typeof passphrase !== 'string' || passphrase.length === 0) {
    throw new SealError('INVALID_INPUT', 'A passphrase is required');
  }
}

export async function readLockedKey(armoredKey: string, limits: CryptoLimits): Promise<PrivateKey> {
  if (typeof armoredKey !== 'string' || byteLength(armoredKey) > limits.maxKeyBytes) {
    throw new SealError('TOO_LARGE', 'The key is larger than allowed');
  }
  let key: PrivateKey;
  try {
    key = await openpgp.readPrivateKey({ armoredKey });
  } catch (cause) {
    throw new SealError('INVALID_INPUT', 'This is not an OpenPGP private key', { cause });
  }
  if (key.isDecrypted()) {
    throw new SealError('INVALID_INPUT', 'The key is not protected by a passphrase');
  }
  return key;
}

/** Decrypts a locked key; a wrong passphrase is WRONG_PASSPHRASE, an over-demanding key TOO_LARGE. */
export async function unlockKey(key: PrivateKey, passphrase: string, limits: CryptoLimits): Promise<PrivateKey> {
  assertPassphrase(passphrase);
  try {
    return await openpgp.decryptKey({
      privateKey: key,
      passphrase,
      config: { maxArgon2MemoryExponent: limits.maxArgon2MemoryExponent },
    });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : '';
    if (/Argon2/i.test(message)) throw new SealError('TOO_LARGE', 'The key asks for more memory than allowed', { cause });
    if (/insecure/i.test(message)) throw new SealError('INVALID_INPUT', 'The key uses an insecure protection', { cause });
    throw new SealError('WRONG_PASSPHRASE', 'The passphrase is not correct', { cause });
  }
}

/**
 * Reads a contact's public key from untrusted input: refuses private keys, oversized or broken keys (no
 * valid self-signature, no encryption subkey) and keys not issued for `userId` (a certified user id).
 * A key its owner revoked, or that expired, is returned with `unusable` saying so.
 */
export async function readContactKey(armoredKey: string, userId: string, limits: CryptoLimits): Promise<{ key: PublicKey; unusable: 'revoked' | 'expired' | null }> {
  if (typeof armoredKey !== 'string' || byteLength(armoredKey) > limits.maxKeyBytes) {
    throw new SealError('TOO_LARGE', 'The public key is larger than allowed', { details: { userId } });
  }
  let key: PublicKey;
  try {
    key = await openpgp.readKey({ armoredKey });
  } catch (cause) {
    throw new SealError('INVALID_INPUT', 'The published key is not a valid OpenPGP key', { cause, details: { userId } });
  }
  if (key.isPrivate()) {
    throw new SealError('INVALID_INPUT', 'A private key was published where a public key belongs', { details: { userId } });
  }
  let unusable: 'revoked' | 'expired' | null = null;
  try {
    await key.verifyPrimaryKey();
    await key.getEncryptionKey();
  } catch (cause) {
    unusable = await unusableBecause(key);
    if (!unusable) throw new SealError('INVALID_INPUT', 'The published key cannot be used (incomplete or badly signed)', { cause, details: { userId } });
  }
  if (!unusable && !(await keyBelongsTo(key, userId))) {
    throw new SealError('INVALID_INPUT', 'The published key was not issued for this user id', { details: { userId } });
  }
  return { key, unusable };
}

/** Overwrites secret key material in memory; the key object is unusable afterwards. */
export function wipeKey(key: PrivateKey | null): void {
  if (!key) return;
  // clearPrivateParams zeroes the secret bytes; openpgp.js has it at runtime but not in its typings.
  type Wipeable = { isDecrypted(): boolean; clearPrivateParams?: () => void };
  for (const packet of [key.keyPacket, ...key.subkeys.map((subkey) => subkey.keyPacket)] as Wipeable[]) {
    if (packet.isDecrypted()) packet.clearPrivateParams?.();
  }
}
