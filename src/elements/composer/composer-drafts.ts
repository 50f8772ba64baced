import type { ReactiveControllerHost } from 'lit';
import type { SealClient } from '../../core/client.js';
import type { Draft, DraftContent, DraftFile } from '../../core/types.js';

export type DraftStatus = 'idle' | 'saving' | 'saved' | 'failed';

const SAVE_DELAY_MS = 1000;

/**
 * Autosaves the composer's content, files included, as an encrypted draft (the engine encrypts it to
 * the user's own key before it touches storage; files it saved before are not encrypted again): a
 * second after typing stops, and at once when asked (blur, removal). Empty content is never saved;
 * emptying the form deletes the draft it had.
 */
export class DraftAutosave {
  status: DraftStatus = 'idle';
  /** The id of the saved draft, once there is one. */
  id: string | null = null;
  /** The save under way is encrypting files (not just the text). */
  savingFiles = false;
  /** How many files of the opened draft are being restored; 0 when none. */
  restoring = 0;
  #opening = false;
  #reopen: string | null = null;
  #dirty = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #saving: Promise<void> = Promise.resolve();
  /** Stops the files of the save under way from being encrypted. */
  #abort: AbortController | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => SealClient | undefined,
    private readonly content: () => DraftContent,
  ) {}

  /** A draft is being opened, its files included: the form waits. */
  get loading(): boolean {
    return this.#opening || this.restoring > 0;
  }

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

  /**
   * Opens a saved draft, which later saves overwrite; while locked, it is opened at the next unlock (null).
   * When the draft has files, the form keeps waiting until `restoreFiles` is called.
   */
  async open(id: string): Promise<Draft | null> {
    const client = this.client();
    if (!client || client.state !== 'unlocked') {
      this.#reopen = id;
      return null;
    }
    this.#reopen = null;
    this.#opening = true;
    this.host.requestUpdate();
    try {
      const draft = await client.openDraft(id);
      this.id = draft.id;
      this.#dirty = false;
      this.status = 'idle';
      this.restoring = draft.files.length;
      return draft;
    } finally {
      this.#opening = false;
      this.host.requestUpdate();
    }
  }

  /** The opened draft's files are not restored here (the portal cannot carry files): the form stops waiting. */
  skipFiles(): void {
    this.restoring = 0;
    this.host.requestUpdate();
  }

  /**
   * Decrypts the opened draft's files (each verified by the engine) and hands them to `put`; saves wait
   * meanwhile, so none drops files not restored yet. Rejects when they cannot be restored.
   */
  async restoreFiles(draft: Draft, put: (files: DraftFile[]) => Promise<void>): Promise<void> {
    if (draft.files.length === 0) return;
    const restoring = (async () => {
      const client = this.client();
      if (!client) return;
      await put(await client.openDraftFiles(draft.id));
    })();
    this.#saving = this.#saving.then(() => restoring.catch(() => {}));
    try {
      await restoring;
    } finally {
      this.restoring = 0;
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

  /** Stops a pending save without saving, and the encryption of files a save under way has not finished. */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#dirty = false;
    // Sending or discarding need not wait for the draft's copy of a large file.
    this.#abort?.abort();
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
    const empty = content.to.length === 0 && !content.subject.trim() && !content.body.trim() && (content.files?.length ?? 0) === 0;
    try {
      if (empty) {
        if (this.id) await client.deleteDraft(this.id);
        this.id = null;
        this.status = 'idle';
      } else {
        this.status = 'saving';
        this.host.requestUpdate();
        // The engine reports progress only for files it has to encrypt (new ones).
        const onProgress = () => {
          if (this.savingFiles) return;
          this.savingFiles = true;
          this.host.requestUpdate();
        };
        this.#abort = new AbortController();
        const info = await client.saveDraft(content, this.id ?? crypto.randomUUID(), { onProgress, signal: this.#abort.signal });
        this.id = info.id;
        this.status = 'saved';
      }
    } catch {
      const cancelled = this.#abort?.signal.aborted ?? false;
      if (!cancelled) this.#dirty = true;
      this.status = cancelled ? 'idle' : 'failed';
    }
    this.#abort = null;
    this.savingFiles = false;
    this.host.requestUpdate();
  }
}
