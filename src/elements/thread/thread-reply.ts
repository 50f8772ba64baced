import type { ReactiveControllerHost } from 'lit';
import type { SealClient } from '../../core/client.js';
import { isSealError, type SealErrorCode } from '../../core/errors.js';
import type { Draft, DraftContent, ThreadSummary } from '../../core/types.js';
import { SealAfterSendEvent } from '../../events/after-send.js';
import { SealSendEvent } from '../../events/send.js';
import type { AttachmentPicker } from '../shared/attachments/attachment-picker.js';
import { attachmentSendInput } from '../shared/attachments/send-input.js';
import type { MessageView } from './thread-messages.js';
import { baseSubject } from './thread-parts.js';

export type DraftStatus = 'idle' | 'saving' | 'saved' | 'failed';

const SAVE_DELAY_MS = 1000;
/** The engine's limit for subjects. */
const MAX_SUBJECT = 998;

/** What a reply goes out as, from the thread being shown. */
export interface ReplyTarget {
  readonly threadId: string;
  readonly to: readonly string[];
  readonly subject: string;
  /** The newest message of the thread. */
  readonly replyTo: string | null;
}

/**
 * Where a reply goes: everyone else in the thread, "Re: " and the first subject (the newest one, without
 * its "Re:", until the start of the thread is loaded), in reply to the newest message.
 */
export function replyTarget(thread: ThreadSummary, items: readonly MessageView[], startLoaded: boolean): ReplyTarget {
  const readable = items.flatMap((view) => (view.opened && view.opened.status !== 'invalid' ? [view.opened] : []));
  const source = startLoaded ? readable[0] : readable.at(-1);
  const base = source ? baseSubject(source.subject) : '';
  return {
    threadId: thread.threadId,
    to: thread.correspondents,
    subject: base ? `Re: ${base}`.slice(0, MAX_SUBJECT) : '',
    replyTo: items.at(-1)?.summary.id ?? thread.lastMessageId,
  };
}

/** What the reply box needs from its element besides the client. */
export interface ReplyOptions {
  /** Whether the client can send files (a draft's files are kept, not restored, when it cannot). */
  readonly canAttach: () => boolean;
  /** Reports a failure as a `seal-error` event; returns its code. */
  readonly reportError: (operation: string, error: unknown) => SealErrorCode;
}

/** Why the files saved with the thread's draft are not back in the reply box. */
export type DraftFilesProblem = { kind: 'damaged' } | { kind: 'not-restored'; code: SealErrorCode };

/** Why the last send did not happen: vetoed by the page, a changed key, or an error code. */
export type ReplyProblem =
  | { kind: 'vetoed' }
  | { kind: 'key-changed'; userId: string }
  | { kind: 'error'; code: SealErrorCode; files: boolean }
  | { kind: 'empty' }
  | { kind: 'cancelled' };

/**
 * The reply box's text and files, their encrypted draft (saved a second after a change; restored when
 * the thread opens; deleted by the send) and sending: the cancelable `seal-send` first, then the engine.
 * The text and files are kept whenever sending does not happen.
 *
 * Files are saved with the draft encrypted to the user's own key, and restored (verified) when the
 * thread opens; until then, and when they cannot be restored for a reason other than tampering, every
 * save keeps them as stored.
 */
export class ReplyController {
  text = '';
  busy = false;
  problem: ReplyProblem | null = null;
  draftStatus: DraftStatus = 'idle';
  /** How many files of the thread's draft are being restored; 0 when none. */
  restoring = 0;
  /** The save under way is encrypting new files for the draft. */
  savingFiles = false;
  filesProblem: DraftFilesProblem | null = null;
  #draftId: string | null = null;
  /** Keys of the draft's files that are not in the picker (yet): saves keep them as stored. */
  #unrestored: string[] = [];
  #dirty = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #saving: Promise<void> = Promise.resolve();
  /** Stops the file encryption of the save under way (sending need not wait for the draft's copy). */
  #abort: AbortController | null = null;
  #generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly client: () => SealClient | undefined,
    private readonly target: () => ReplyTarget | null,
    /** Files to send with the reply; cleared with the text. */
    readonly files: AttachmentPicker,
    private readonly options: ReplyOptions,
  ) {}

  /** Starts afresh for another thread (pending changes of the previous one are saved first). */
  async restore(threadId: string): Promise<void> {
    await this.flush();
    const generation = ++this.#generation;
    this.#reset();
    const client = this.client();
    if (!client || client.state !== 'unlocked') return;
    let draft: Draft;
    try {
      const info = (await client.listDrafts()).find((candidate) => candidate.threadId === threadId);
      if (!info) return;
      draft = await client.openDraft(info.id);
      if (generation !== this.#generation || this.#dirty) return;
      this.#draftId = draft.id;
      this.text = draft.body;
      this.#unrestored = draft.files.map((file) => file.key);
      this.draftStatus = 'saved';
      this.host.requestUpdate();
    } catch {
      // A draft that cannot be opened is left alone; the box starts empty.
      return;
    }
    await this.#restoreFiles(client, draft, generation);
  }

  input(text: string): void {
    this.text = text;
    this.problem = null;
    this.#changed();
  }

  /** The chosen files changed (added or removed). */
  filesChanged(): void {
    this.problem = null;
    this.#changed();
  }

  /** Saves pending changes now; resolves when every save so far has finished. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    if (this.#dirty) {
      this.#dirty = false;
      const content = this.#content();
      if (content) this.#saving = this.#saving.then(() => this.#save(content));
    }
    return this.#saving;
  }

  /** Sends the reply unless the page vetoes it. Resolves to the new message id, or null. */
  async send(): Promise<string | null> {
    const client = this.client();
    const target = this.target();
    if (!client || !target || this.busy || this.restoring > 0) return null;
    if (!this.text.trim()) return this.#fail({ kind: 'empty' });
    const veto = new SealSendEvent({ to: target.to, threadId: target.threadId, replyTo: target.replyTo });
    this.host.dispatchEvent(veto);
    if (veto.defaultPrevented) return this.#fail({ kind: 'vetoed' });
    this.busy = true;
    this.problem = null;
    this.host.requestUpdate();
    try {
      // The send deletes the draft: a save under way finishes first (without encrypting its new files),
      // so that the draft it creates is known; changes not saved yet need no save.
      clearTimeout(this.#timer);
      this.#dirty = false;
      this.#abort?.abort();
      await this.#saving;
      const draftId = this.#draftId;
      const sent = await client.send({
        to: target.to,
        subject: target.subject,
        body: this.text,
        threadId: target.threadId,
        ...(target.replyTo ? { replyTo: target.replyTo } : {}),
        ...(draftId ? { draftId } : {}),
        ...attachmentSendInput(this.files),
      });
      this.#reset();
      this.host.dispatchEvent(new SealAfterSendEvent({ messageId: sent.id, threadId: sent.threadId }));
      return sent.id;
    } catch (error) {
      if (isSealError(error, 'KEY_CHANGED')) return this.#fail({ kind: 'key-changed', userId: String(error.details.userId ?? target.to[0] ?? '') });
      if (isSealError(error, 'ABORTED')) return this.#fail({ kind: 'cancelled' });
      const files = isSealError(error) && ('files' in error.details || 'attachment' in error.details);
      return this.#fail({ kind: 'error', code: isSealError(error) ? error.code : 'INTERNAL', files });
    } finally {
      this.files.end();
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  /** The vault locked: the saved draft keeps the text and files until the next unlock restores them. */
  locked(): void {
    clearTimeout(this.#timer);
    if (!this.#dirty && this.#draftId && this.restoring === 0) {
      this.text = '';
      this.#draftId = null;
      this.#unrestored = [];
      this.files.clear();
    }
  }

  #changed(): void {
    this.#dirty = true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
    this.host.requestUpdate();
  }

  /**
   * Decrypts the draft's files (each verified by the engine) into the picker. On a portal that cannot
   * carry files they are not decrypted, and stay saved. Altered files are dropped; files that cannot
   * be opened for another reason stay saved with the draft.
   */
  async #restoreFiles(client: SealClient, draft: Draft, generation: number): Promise<void> {
    if (draft.files.length === 0) return;
    if (!this.options.canAttach()) return this.files.refuseUnsupported();
    this.restoring = draft.files.length;
    this.host.requestUpdate();
    try {
      const files = await client.openDraftFiles(draft.id);
      if (generation !== this.#generation) return;
      await this.files.restore(files);
      this.#unrestored = [];
    } catch (error) {
      if (generation !== this.#generation) return;
      const code = this.options.reportError('restore-draft-files', error);
      if (isSealError(error, 'TAMPERED')) this.#unrestored = [];
      this.filesProblem = isSealError(error, 'TAMPERED') ? { kind: 'damaged' } : { kind: 'not-restored', code };
    } finally {
      if (generation === this.#generation) {
        this.restoring = 0;
        this.host.requestUpdate();
      }
    }
  }

  #fail(problem: ReplyProblem): null {
    this.problem = problem;
    if (problem.kind !== 'empty') this.#dirty = true;
    this.host.requestUpdate();
    return null;
  }

  #content(): DraftContent | null {
    const target = this.target();
    if (!target) return null;
    const chosen = this.files.files.map(({ key, file }) => ({ key, file }));
    const kept = this.#unrestored.filter((key) => !chosen.some((file) => file.key === key)).map((key) => ({ key, keep: true as const }));
    const files = [...chosen, ...kept];
    return { to: [...target.to], subject: target.subject, body: this.text, threadId: target.threadId, replyTo: target.replyTo, files };
  }

  async #save(content: DraftContent): Promise<void> {
    const client = this.client();
    if (!client || client.state !== 'unlocked') {
      this.#dirty = true;
      return;
    }
    const generation = this.#generation;
    const status = (next: DraftStatus) => {
      if (generation !== this.#generation) return;
      this.draftStatus = next;
      this.host.requestUpdate();
    };
    const abort = new AbortController();
    try {
      if (!content.body.trim() && (content.files?.length ?? 0) === 0) {
        if (this.#draftId) await client.deleteDraft(this.#draftId);
        if (generation === this.#generation) this.#draftId = null;
        status('idle');
      } else {
        status('saving');
        this.#abort = abort;
        // The engine reports progress only for files it has to encrypt (new ones).
        const onProgress = () => {
          if (this.savingFiles || generation !== this.#generation) return;
          this.savingFiles = true;
          this.host.requestUpdate();
        };
        const info = await client.saveDraft(content, this.#draftId ?? crypto.randomUUID(), { onProgress, signal: abort.signal });
        if (generation === this.#generation) this.#draftId = info.id;
        status('saved');
      }
    } catch {
      // A save stopped by sending is no failure: the send deletes the draft.
      status(abort.signal.aborted ? 'idle' : 'failed');
    } finally {
      if (this.#abort === abort) this.#abort = null;
      if (this.savingFiles) {
        this.savingFiles = false;
        this.host.requestUpdate();
      }
    }
  }

  #reset(): void {
    clearTimeout(this.#timer);
    this.files.clear();
    this.text = '';
    this.problem = null;
    this.filesProblem = null;
    this.restoring = 0;
    this.#draftId = null;
    this.#unrestored = [];
    this.#dirty = false;
    this.draftStatus = 'idle';
  }
}
