import type { ReactiveControllerHost } from 'lit';
import type { SealClient } from '../../core/client.js';
import type { Draft, DraftContent } from '../../core/types.js';

export type DraftStatus = 'idle' | 'saving' | 'saved' | 'failed';

const SAVE_DELAY_MS = 1000;

/**
 * Autosaves the composer's content as an encrypted draft (the engine encrypts it to the user's own key
 * before it touches storage): a second after typing stops, and at once when asked (blur, removal).
 * Empty content is never saved; emptying the form deletes the draft it had.
 */
export class DraftAutosave {
  status: DraftStatus = 'idle';
  /** The id of the saved draft, once there is one. */
  id: string | null = null;
  /** A draft is being opened. */
  loading = false;
  #reopen: string | null = null;
  #dirty = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => SealClient | undefined,
    private readonly content: () => DraftContent,
  ) {}

  /** Whether there are changes not saved yet. */
  get dirty(): boolean {
    return this.#dirty;
  }

  /** The content changed: saves after a pause. */
  changed(): void {
    this.#dirty = true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
  }

  /** Saves pending changes now; resolves when every save so far has finished. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    if (this.#dirty) {
      this.#dirty = false;
      this.#saving = this.#saving.then(() => this.#save());
    }
    return this.#saving;
  }

  /** Opens a saved draft, which later saves overwrite; while locked, it is opened at the next unlock (null). */
  async open(id: string): Promise<Draft | null> {
    const client = this.client();
    if (!client || client.state !== 'unlocked') {
      this.#reopen = id;
      return null;
    }
    this.#reopen = null;
    this.loading = true;
    this.host.requestUpdate();
    try {
      const draft = await client.openDraft(id);
      this.id = draft.id;
      this.#dirty = false;
      this.status = 'idle';
      return draft;
    } finally {
      this.loading = false;
      this.host.requestUpdate();
    }
  }

  /** The vault locked. True when the content is saved and may leave the page until the next unlock. */
  locked(): boolean {
    clearTimeout(this.#timer);
    if (this.#dirty || !this.id) return false;
    this.#reopen = this.id;
    return true;
  }

  /** The vault unlocked: the draft to reopen, if any; unsaved changes are saved. */
  unlocked(): string | null {
    if (!this.#reopen && this.#dirty) this.changed();
    return this.#reopen;
  }

  /** Deletes the saved draft (if any) and forgets pending changes. */
  async discard(): Promise<void> {
    this.cancel();
    await this.#saving;
    const { id } = this;
    this.forget();
    if (id) await this.client()?.deleteDraft(id);
  }

  /** Stops a pending save without saving. */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#dirty = false;
  }

  /** Starts afresh (after sending): the next save creates a new draft. */
  forget(): void {
    this.cancel();
    this.id = null;
    this.status = 'idle';
    this.host.requestUpdate();
  }

  async #save(): Promise<void> {
    const client = this.client();
    if (!client || client.state !== 'unlocked') {
      this.#dirty = true;
      return;
    }
    const content = this.content();
    const empty = content.to.length === 0 && !content.subject.trim() && !content.body.trim();
    try {
      if (empty) {
        if (this.id) await client.deleteDraft(this.id);
        this.id = null;
        this.status = 'idle';
      } else {
        this.status = 'saving';
        this.host.requestUpdate();
        const info = await client.saveDraft(content, this.id ?? crypto.randomUUID());
        this.id = info.id;
        this.status = 'saved';
      }
    } catch {
      this.#dirty = true;
      this.status = 'failed';
    }
    this.host.requestUpdate();
  }
}
