import type { ReactiveControllerHost } from 'lit';
import type { SealClient } from '../../core/client.js';
import { isSealError, type SealErrorCode } from '../../core/errors.js';
import type { DraftContent, ThreadSummary } from '../../core/types.js';
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

/** Why the last send did not happen: vetoed by the page, a changed key, or an error code. */
export type ReplyProblem =
  | { kind: 'vetoed' }
  | { kind: 'key-changed'; userId: string }
  | { kind: 'error'; code: SealErrorCode; files: boolean }
  | { kind: 'empty' }
  | { kind: 'cancelled' };

/**
 * The reply box's text, its encrypted draft (saved a second after typing stops; restored when the
 * thread opens; deleted by the send) and sending: the cancelable `seal-send` first, then the engine.
 * The text is kept whenever sending does not happen.
 */
export class ReplyController {
  text = '';
  busy = false;
  problem: ReplyProblem | null = null;
  draftStatus: DraftStatus = 'idle';
  #draftId: string | null = null;
  #dirty = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #saving: Promise<void> = Promise.resolve();
  #generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly client: () => SealClient | undefined,
    private readonly target: () => ReplyTarget | null,
    /** Files to send with the reply; cleared with the text. */
    readonly files: AttachmentPicker,
  ) {}

  /** Starts afresh for another thread (pending changes of the previous one are saved first). */
  async restore(threadId: string): Promise<void> {
    await this.flush();
    const generation = ++this.#generation;
    this.#reset();
    const client = this.client();
    if (!client || client.state !== 'unlocked') return;
    try {
      const info = (await client.listDrafts()).find((draft) => draft.threadId === threadId);
      if (!info) return;
      const draft = await client.openDraft(info.id);
      if (generation !== this.#generation || this.#dirty) return;
      this.#draftId = draft.id;
      this.text = draft.body;
      this.draftStatus = 'saved';
      this.host.requestUpdate();
    } catch {
      // A draft that cannot be opened is left alone; the box starts empty.
    }
  }

  input(text: string): void {
    this.text = text;
    this.problem = null;
    this.#dirty = true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
    this.host.requestUpdate();
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
    if (!client || !target || this.busy) return null;
    if (!this.text.trim()) return this.#fail({ kind: 'empty' });
    const veto = new SealSendEvent({ to: target.to, threadId: target.threadId, replyTo: target.replyTo });
    this.host.dispatchEvent(veto);
    if (veto.defaultPrevented) return this.#fail({ kind: 'vetoed' });
    this.busy = true;
    this.problem = null;
    this.host.requestUpdate();
    try {
      await this.flush();
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

  /** The vault locked: the saved draft keeps the text until the next unlock restores it. */
  locked(): void {
    clearTimeout(this.#timer);
    if (!this.#dirty && this.#draftId) {
      this.text = '';
      this.#draftId = null;
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
    return { to: [...target.to], subject: target.subject, body: this.text, threadId: target.threadId, replyTo: target.replyTo };
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
    try {
      if (!content.body.trim()) {
        if (this.#draftId) await client.deleteDraft(this.#draftId);
        if (generation === this.#generation) this.#draftId = null;
        status('idle');
      } else {
        status('saving');
        const info = await client.saveDraft(content, this.#draftId ?? crypto.randomUUID());
        if (generation === this.#generation) this.#draftId = info.id;
        status('saved');
      }
    } catch {
      status('failed');
    }
  }

  #reset(): void {
    clearTimeout(this.#timer);
    this.files.clear();
    this.text = '';
    this.problem = null;
    this.#draftId = null;
    this.#dirty = false;
    this.draftStatus = 'idle';
  }
}
