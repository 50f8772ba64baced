import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { AttachmentLimits } from '../../../core/attachments/limits.js';
import type { SendProgress } from '../../../core/types.js';
import { getLocale } from '../../../localize/localize.js';
import { formatSize, renderName, renderNameWarnings, typeLabel } from './attachment-name.js';
import { attachmentStrings } from './attachments.strings.js';
import { chooseFiles, refusalText, type ChosenFile, type Refusal } from './chosen-files.js';

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

export type { SendProgress };

export interface PickerOptions {
  /** Prefix for ids in the host's shadow root. */
  readonly id: string;
  readonly limits: () => AttachmentLimits;
  /** Whether the client can send files at all (its transport carries them and its limits allow one). */
  readonly supported: () => boolean;
  /** Speaks through the host's polite live region. */
  readonly announce: (text: string) => void;
  /** The chosen files changed. */
  readonly changed?: () => void;
}

/**
 * Files to send with a message: chosen through "Attach files" (a real file input behind a button, the
 * keyboard way) or dropped onto the host's form, checked against the limits with the problems said in
 * words, listed by display-safe name with "Remove <name>", and, while sending, each file's progress
 * with a Cancel that aborts the encryption. When the client cannot send files there is no "Attach files",
 * and files dropped anyway are refused in words.
 */
export class AttachmentPicker {
  files: readonly ChosenFile[] = [];
  refusals: readonly Refusal[] = [];
  dragging = false;
  sending = false;
  /** Files were offered although this client cannot send any: the refusal stays until the form is cleared. */
  unsupported = false;
  #depth = 0;
  #adding: Promise<void> = Promise.resolve();
  #progress = new Map<string, SendProgress>();
  #abort: AbortController | null = null;

  constructor(
    private readonly host: Host,
    private readonly options: PickerOptions,
  ) {}

  /** Checks and adds files (in the order given); problems are listed and announced. */
  add(files: Iterable<File>): Promise<void> {
    const list = [...files];
    this.#adding = this.#adding.then(async () => {
      if (list.length === 0) return;
      if (!this.options.supported()) return this.refuseUnsupported();
      const { accepted, refused } = await chooseFiles(this.files, list, this.options.limits());
      this.files = [...this.files, ...accepted];
      this.refusals = refused;
      this.unsupported = false;
      const t = attachmentStrings();
      this.options.announce([accepted.length > 0 ? t.added(accepted.length) : '', ...refused.map(refusalText)].filter(Boolean).join(' '));
      if (accepted.length > 0) this.options.changed?.();
      this.host.requestUpdate();
    });
    return this.#adding;
  }

  /** Files were offered (dropped, or saved with a draft) although this client cannot send any: says so. */
  refuseUnsupported(): void {
    this.refusals = [];
    this.unsupported = true;
    this.options.announce(attachmentStrings().unsupported);
    this.host.requestUpdate();
  }

  /** Removes a file; focus goes to the next "Remove" button, else the previous one, else "Attach files". */
  async remove(key: string): Promise<void> {
    const index = this.files.findIndex((chosen) => chosen.key === key);
    const removed = this.files[index];
    if (!removed || this.sending) return;
    this.files = this.files.filter((chosen) => chosen.key !== key);
    this.refusals = [];
    this.options.announce(attachmentStrings().removed(removed.name.text));
    this.options.changed?.();
    this.host.requestUpdate();
    await this.host.updateComplete;
    const buttons = this.host.renderRoot.querySelectorAll<HTMLButtonElement>(`#${this.options.id}-files [part~="remove-file-button"]`);
    (buttons[Math.min(index, buttons.length - 1)] ?? this.host.renderRoot.querySelector<HTMLButtonElement>(`#${this.options.id}-attach`))?.focus();
  }

  /** Forgets every file (the message was sent, or the form was cleared). */
  clear(): void {
    this.files = [];
    this.refusals = [];
    this.unsupported = false;
    this.#progress.clear();
    this.host.requestUpdate();
  }

  /** Puts back the files of a saved draft under the keys they were saved with, replacing the list (checked as when chosen). */
  restore(files: readonly { key: string; file: File }[]): Promise<void> {
    this.#adding = this.#adding.then(async () => {
      const keys = new Map(files.map(({ key, file }) => [file, key]));
      const { accepted, refused } = await chooseFiles([], files.map(({ file }) => file), this.options.limits());
      this.files = accepted.map((chosen) => ({ ...chosen, key: keys.get(chosen.file) ?? chosen.key }));
      this.refusals = refused;
      this.host.requestUpdate();
    });
    return this.#adding;
  }

  // ---- sending ----------------------------------------------------------------------------

  /** Sending starts: the signal cancels it, and progress is reported to this send only. */
  begin(): { signal: AbortSignal; onProgress: (progress: SendProgress) => void } {
    const abort = new AbortController();
    this.#abort = abort;
    this.#progress.clear();
    this.sending = true;
    this.host.requestUpdate();
    // Uploads go on after `send()` resolves; the outbox shows those, so late reports are dropped.
    const onProgress = (progress: SendProgress) => {
      if (this.#abort !== abort) return;
      this.#progress.set(progress.attachmentId, progress);
      this.host.requestUpdate();
    };
    return { signal: abort.signal, onProgress };
  }

  /** Sending ended (sent, failed or cancelled). */
  end(): void {
    this.#abort = null;
    this.sending = false;
    this.#progress.clear();
    this.host.requestUpdate();
  }

  cancel(): void {
    this.#abort?.abort();
  }

  /** Whether a file is still being encrypted (Cancel is offered until every file is encrypted). */
  get encrypting(): boolean {
    if (!this.sending) return false;
    const all = [...this.#progress.values()];
    return all.length < this.files.length || all.some((step) => step.phase === 'encrypting' && step.done < step.total);
  }

  #progressOf(index: number): SendProgress | undefined {
    return [...this.#progress.values()][index];
  }

  // ---- drag and drop ----------------------------------------------------------------------

  /** Whether a drag carries files (text or links dragged across the form are not ours). */
  #carriesFiles(event: DragEvent): boolean {
    return event.dataTransfer?.types.includes('Files') ?? false;
  }

  /**
   * Handlers for the drop target; `disabled` drops are refused (but never open the file in the tab).
   * Without support for files a drop still lands (no "none" drop effect), so that it can be refused in words.
   */
  dropHandlers(disabled: () => boolean) {
    return {
      dragenter: (event: DragEvent) => {
        if (!this.#carriesFiles(event)) return;
        event.preventDefault();
        this.#depth += 1;
        if (!disabled() && !this.dragging) {
          this.dragging = true;
          this.host.requestUpdate();
        }
      },
      dragover: (event: DragEvent) => {
        if (!this.#carriesFiles(event)) return;
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = disabled() ? 'none' : 'copy';
      },
      dragleave: (event: DragEvent) => {
        if (!this.#carriesFiles(event)) return;
        this.#depth = Math.max(0, this.#depth - 1);
        if (this.#depth === 0) this.#stopDragging();
      },
      drop: (event: DragEvent) => {
        if (!this.#carriesFiles(event)) return;
        event.preventDefault();
        this.#depth = 0;
        this.#stopDragging();
        if (!disabled() && !this.sending) void this.add(event.dataTransfer?.files ?? []);
      },
    };
  }

  #stopDragging(): void {
    if (!this.dragging) return;
    this.dragging = false;
    this.host.requestUpdate();
  }

  // ---- rendering --------------------------------------------------------------------------

  readonly #onChange = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    // Cleared so that choosing the same file again after removing it fires `change`.
    input.value = '';
    void this.add(files);
  };

  /**
   * "Attach files" with the hidden file input it opens, and the limits as its description (written out
   * once files are chosen, so the empty form stays compact).
   */
  renderButton(disabled: boolean): TemplateResult | typeof nothing {
    if (!this.options.supported()) return nothing;
    const t = attachmentStrings();
    const limits = this.options.limits();
    const id = this.options.id;
    return html`<button
        type="button"
        id="${id}-attach"
        part="attach-button"
        class="secondary attach-button attach-icon"
        aria-describedby="${id}-attach-hint"
        ?disabled=${disabled || this.sending}
        @click=${() => this.host.renderRoot.querySelector<HTMLInputElement>(`#${id}-input`)?.click()}
      >
        ${t.attach}
      </button>
      <input id="${id}-input" type="file" multiple hidden @change=${this.#onChange} />
      <span id="${id}-attach-hint" part="attach-hint" class=${this.files.length > 0 || this.refusals.length > 0 ? 'hint attach-hint' : 'visually-hidden'}
        >${t.attachHint(limits.maxFilesPerMessage, formatSize(limits.maxFileBytes))}</span
      >`;
  }

  /** The chosen files (with progress while sending), and why others were not attached. */
  renderFiles(): TemplateResult | typeof nothing {
    if (this.files.length === 0 && this.refusals.length === 0 && !this.unsupported) return nothing;
    const t = attachmentStrings();
    const id = this.options.id;
    return html`${this.files.length > 0
        ? html`<ul id="${id}-files" part="attachments" class="attachments" aria-label=${t.chosen}>
            ${repeat(this.files, (chosen) => chosen.key, (chosen, index) => this.#renderFile(chosen, index))}
          </ul>`
        : nothing}
      ${this.refusals.length > 0 || this.unsupported
        ? html`<ul part="attachment-problems" class="attachment-problems">
            ${[...this.refusals.map(refusalText), ...(this.unsupported ? [t.unsupported] : [])].map(
              (problem) => html`<li><span class="warning-icon" aria-hidden="true">!</span> ${problem}</li>`,
            )}
          </ul>`
        : nothing}
      ${this.encrypting
        ? html`<button type="button" part="cancel-send-button" class="secondary" @click=${() => this.cancel()}>${t.cancel}</button>`
        : nothing}`;
  }

  #renderFile(chosen: ChosenFile, index: number): TemplateResult {
    const t = attachmentStrings();
    const warningId = `${this.options.id}-warning-${chosen.key}`;
    const warned = chosen.name.hiddenCharacters || chosen.name.doubleExtension;
    const progress = this.sending ? this.#progressOf(index) : undefined;
    const phase = progress ? (progress.phase === 'encrypting' ? t.encrypting : t.uploading) : null;
    return html`<li part="attachment" class="attachment" data-warning=${warned ? 'true' : 'false'}>
      <div class="attachment-row">
        <span class="attachment-text">
          ${renderName(chosen.name)}
          <span part="attachment-meta" class="attachment-meta">${typeLabel(chosen.type)}, ${formatSize(chosen.file.size)}</span>
        </span>
        ${this.sending
          ? nothing
          : html`<button
              type="button"
              part="remove-file-button"
              class="secondary remove-file"
              aria-label=${t.remove(chosen.name.text)}
              aria-describedby=${warned ? warningId : nothing}
              @click=${() => void this.remove(chosen.key)}
            >
              <span aria-hidden="true">×</span>
            </button>`}
      </div>
      ${renderNameWarnings(chosen.name, warningId)}
      ${progress && phase
        ? html`<div part="attachment-progress" class="attachment-progress">
            <progress max=${progress.total || 1} .value=${progress.total ? progress.done : 1} aria-label=${t.progressOf(phase, chosen.name.text)}></progress>
            <span class="hint">${phase} ${percent(progress)}</span>
          </div>`
        : nothing}
    </li>`;
  }

  /** The visible drop zone while files are dragged over the form (saying so when files cannot be sent). */
  renderDropZone(): TemplateResult | typeof nothing {
    if (!this.dragging) return nothing;
    const t = attachmentStrings();
    const supported = this.options.supported();
    return html`<div part="drop-zone" class="drop-zone" data-supported=${supported ? 'true' : 'false'}><p>${supported ? t.dropHere : t.dropUnsupported}</p></div>`;
  }
}

function percent(progress: SendProgress): string {
  const ratio = progress.total > 0 ? progress.done / progress.total : 1;
  return new Intl.NumberFormat(getLocale(), { style: 'percent' }).format(Math.min(1, ratio));
}
