/**
 * Signing contexts: every signature Sealbox makes says what it is for, in an OpenPGP notation in its
 * hashed area (`purpose@sealbox` = one of {@link SIGNATURE_PURPOSES}), and every verification requires
 * the purpose it expects. A signature made for one thing (an attachment chunk, a consent receipt, an
 * audit seal, a draft) therefore never passes as another (a message), even over the same bytes. The
 * notation is not critical, so GnuPG and other OpenPGP tools verify the signatures as usual and show
 * the notation; a message written with GnuPG for Sealbox carries it with
 * `gpg --set-notation purpose@sealbox=envelope`. See docs/signing-contexts.md.
 *
 * No openpgp.js import here: the worker and the page-side verification helpers both use it.
 */

/** The notation's name (user namespace: `name@domain`). */
export const PURPOSE_NOTATION = 'purpose@sealbox';

/** What a Sealbox signature can be for. Part of the wire format: values never change meaning. */
export const SIGNATURE_PURPOSES = ['envelope', 'attachment-chunk', 'draft', 'draft-file-chunk', 'consent-receipt', 'audit-seal', 'record-key'] as const;
export type SignaturePurpose = (typeof SIGNATURE_PURPOSES)[number];

/** The purposes of signed chunks of files: a message's attachments, or a draft's files. */
export type ChunkPurpose = Extract<SignaturePurpose, 'attachment-chunk' | 'draft-file-chunk'>;

/** The purposes of detached signatures (over text Sealbox builds itself). */
export type DetachedPurpose = Extract<SignaturePurpose, 'consent-receipt' | 'audit-seal'>;

export function isSignaturePurpose(value: unknown): value is SignaturePurpose {
  return SIGNATURE_PURPOSES.includes(value as SignaturePurpose);
}

/** The notation to sign with, in the shape openpgp.js takes (`signatureNotations`). */
export function purposeNotation(purpose: SignaturePurpose): { name: string; value: Uint8Array; humanReadable: true; critical: false } {
  return { name: PURPOSE_NOTATION, value: new TextEncoder().encode(purpose), humanReadable: true, critical: false };
}

/** A signature packet's hashed notations, as openpgp.js reads them (it keeps no notation from the unhashed area). */
export interface NotationCarrier {
  readonly rawNotations: readonly { readonly name: string; readonly value: Uint8Array }[];
}

/** Whether the signature was made for exactly `purpose`: one purpose notation, with that value. */
export function signedFor(packet: NotationCarrier, purpose: SignaturePurpose): boolean {
  const purposes = packet.rawNotations.filter((notation) => notation.name === PURPOSE_NOTATION);
  return purposes.length === 1 && new TextDecoder().decode(purposes[0]!.value) === purpose;
}
