import type { SealErrorInfo } from './errors.js';
import type { DeliveryState } from './store/outbox.js';

/**
 * How far a decrypted message can be trusted:
 * - `verified`: signed by the sender's pinned key, which the user verified out of band.
 * - `signer-unverified`: validly signed by the key pinned for the sender, not yet verified.
 * - `key-changed`: validly signed by a new key for the sender that the user has not accepted.
 * - `invalid`: not signed, badly signed, altered or misrouted; its content is withheld.
 */
export type MessageStatus = 'verified' | 'signer-unverified' | 'key-changed' | 'invalid';

/** A conversation in the inbox: metadata only, decrypt messages for subjects. */
export interface ThreadSummary {
  readonly threadId: string;
  /**
   * Everyone in the thread except the signed-in user: the senders and recipients of its messages that
   * passed verification (and of the user's own), never what routing data alone claims. A reply goes to
   * them. Empty until a message of the thread has been opened and verified on this device.
   */
  readonly correspondents: readonly string[];
  /** Whom the user's own messages in the thread were addressed to (a reply to anyone else is confirmed first). */
  readonly addressed: readonly string[];
  /** Time of the newest message not known to be invalid (as its routing data says until it is opened). */
  readonly lastMessageAt: string;
  readonly lastMessageId: string;
  /** Sender of that message, as its routing data says until it is opened; '' when unknown. */
  readonly lastSender: string;
  /** Messages not known to be invalid. */
  readonly messageCount: number;
  readonly unreadCount: number;
  /** Messages that failed verification or arrived malformed; their content is never shown. */
  readonly invalidCount: number;
  /** Status of the latest message once it has been opened on this device; null before. */
  readonly lastMessageStatus: MessageStatus | null;
}

/** A message in a thread, before decryption: routing metadata and local state. */
export interface MessageSummary {
  readonly id: string;
  readonly threadId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly createdAt: string;
  readonly size: number;
  readonly outgoing: boolean;
  readonly read: boolean;
  /** For the user's own messages: where delivery stands. */
  readonly delivery: DeliveryState | 'delivered';
  readonly status: MessageStatus | null;
}

interface OpenedBase {
  readonly id: string;
  readonly threadId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly createdAt: string;
  readonly outgoing: boolean;
}

/** A message that decrypted and verified; `status` says how far its signer is trusted. */
export interface ReadableMessage extends OpenedBase {
  readonly status: 'verified' | 'signer-unverified' | 'key-changed';
  readonly subject: string;
  readonly body: string;
  readonly replyTo: string | null;
  readonly signerFingerprint: string;
  /**
   * Signed with a key the sender had before their current one: it counts only because the message is
   * dated before the key was replaced (a message dated after is invalid).
   */
  readonly signedWithPreviousKey: boolean;
  /** Files the sender signed into the message; open one with `client.openAttachment()`. */
  readonly attachments: readonly AttachmentInfo[];
}

/** A file attached to a readable message, as its signed manifest describes it. */
export interface AttachmentInfo {
  readonly id: string;
  /** The sender's name for the file with hidden characters shown as `[U+XXXX]`: show it as text only. */
  readonly name: string;
  /** A plain file name to save it under, its extension matching the type. */
  readonly downloadName: string;
  /** MIME type sniffed from the content by the sender (and checked again when opened). */
  readonly type: string;
  /** Plaintext bytes. */
  readonly size: number;
  /** The name held control, bidi or invisible characters. */
  readonly hiddenCharacters: boolean;
  /** The name disguises its real extension behind a familiar one ("scan.pdf.exe"). */
  readonly doubleExtension: boolean;
  /** Never show it inside the page (markup that can run script, or unknown bytes): offer it as a download. */
  readonly neverInline: boolean;
}

/** How far sending one attachment has got, in chunks: encrypted and stored, then uploaded. */
export interface SendProgress {
  /** Reported file by file, in the order the files were given. */
  readonly attachmentId: string;
  readonly phase: 'encrypting' | 'uploading';
  readonly done: number;
  readonly total: number;
}

/** How far opening one attachment has got, in chunks downloaded, checked and decrypted. */
export interface AttachmentDownloadProgress {
  readonly attachmentId: string;
  readonly phase: 'downloading';
  readonly done: number;
  readonly total: number;
}

/** A file to attach: a `File`, or a `Blob` given a `name`. */
export type AttachmentInput = File | (Blob & { readonly name: string });

export interface OpenAttachmentOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: AttachmentDownloadProgress) => void;
}

/** A message that failed verification: no subject or body is ever returned for it. */
export interface InvalidMessage extends OpenedBase {
  readonly status: 'invalid';
  readonly error: SealErrorInfo;
}

export type OpenedMessage = ReadableMessage | InvalidMessage;

export interface SendInput {
  /** Recipients' user ids. */
  readonly to: readonly string[];
  readonly subject: string;
  readonly body: string;
  /** Continue this thread; a new thread is started when omitted. */
  readonly threadId?: string;
  /** The message this one answers. */
  readonly replyTo?: string;
  /** A draft to delete once the message is safely in the outbox. */
  readonly draftId?: string;
  /** Files to send with the message, encrypted and signed chunk by chunk. */
  readonly attachments?: readonly AttachmentInput[];
  /** Cancels the send until it is committed to the outbox; nothing is kept then. */
  readonly signal?: AbortSignal;
  /** Encryption progress of each file, then its upload (which goes on after `send()` resolves). */
  readonly onProgress?: (progress: SendProgress) => void;
}

export interface SendResult {
  readonly id: string;
  readonly threadId: string;
}

export interface DraftContent {
  readonly to: readonly string[];
  readonly subject: string;
  readonly body: string;
  readonly threadId: string | null;
  readonly replyTo: string | null;
  /** Files to keep with the draft, encrypted to the user's own key; omitted or empty keeps none. */
  readonly files?: readonly (DraftFileInput | KeptDraftFile)[];
}

/**
 * A file to keep with a draft. `key` is the caller's stable name for it (the composer uses its picker's
 * key): a file whose key and size match one already saved with the draft is not encrypted again.
 */
export interface DraftFileInput {
  readonly key: string;
  /** A `File`, or a `Blob` with `name` given. */
  readonly file: Blob;
  /** Defaults to the File's name. */
  readonly name?: string;
}

/**
 * A file already saved with the draft, kept as stored without its content (for a caller that could not
 * open it, so that a save does not drop it). A key the draft has no file under is ignored.
 */
export interface KeptDraftFile {
  readonly key: string;
  readonly keep: true;
}

/** A file saved with a draft, decrypted and verified: give it back to `saveDraft` as it is. */
export interface DraftFile {
  readonly key: string;
  readonly file: File;
}

/** What a draft says about one of its files; `openDraftFiles` gives the content. */
export interface DraftFileInfo {
  readonly key: string;
  readonly name: string;
  /** The type the file had when it was saved (the browser's, as on the File). */
  readonly type: string;
  readonly size: number;
}

export interface DraftInfo {
  readonly id: string;
  readonly threadId: string | null;
  readonly updatedAt: string;
}

export interface Draft extends DraftInfo, Omit<DraftContent, 'files'> {
  /** The files saved with the draft, in order (no content: `openDraftFiles` decrypts them). */
  readonly files: readonly DraftFileInfo[];
}

export interface OpenDraftFilesOptions {
  readonly signal?: AbortSignal;
  /** Called as each file's chunks are decrypted and verified. */
  readonly onProgress?: (progress: DraftFileProgress) => void;
}

export interface SaveDraftOptions {
  readonly signal?: AbortSignal;
  /** Called as new files are encrypted (files saved before are not encrypted again). */
  readonly onProgress?: (progress: DraftFileProgress) => void;
}

/** How far encrypting or opening one draft file has got, in chunks. */
export interface DraftFileProgress {
  readonly key: string;
  readonly done: number;
  readonly total: number;
}

export interface PageOptions {
  readonly limit?: number;
  /** The `next` value of the previous page. */
  readonly before?: string | null;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly next: string | null;
}
