import type { ReactiveControllerHost } from 'lit';
import { sniffType, SNIFF_BYTES, SNIFFED_TYPES } from '../../../core/attachments/sniff.js';
import type { SealClient } from '../../../core/client.js';
import { FINAL_FAILURES, isSealError, type SealErrorCode } from '../../../core/errors.js';
import type { AttachmentInfo } from '../../../core/types.js';
import { SealAttachmentOpenEvent } from '../../../events/attachment-open.js';
import { attachmentErrorText, attachmentStrings } from './attachments.strings.js';
import { PdfPreview } from './pdf/pdf-preview.js';

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

/** What is shown inside the page: pictures as `<img>`, PDF pages drawn as pictures. Never SVG, HTML or text. */
const PREVIEWS: Readonly<Record<string, 'image' | 'pdf'>> = {
  [SNIFFED_TYPES.png]: 'image',
  [SNIFFED_TYPES.jpeg]: 'image',
  [SNIFFED_TYPES.gif]: 'image',
  [SNIFFED_TYPES.webp]: 'image',
  [SNIFFED_TYPES.pdf]: 'pdf',
};


export interface OpenedAttachment {
  readonly phase: 'idle' | 'opening' | 'ready' | 'failed';
  /** Chunks checked and decrypted, of `total`, while opening. */
  readonly done: number;
  readonly total: number;
  /** A blob: URL of the verified bytes as `application/octet-stream`, for "Save" (never shown inline). */
  readonly saveUrl: string | null;
  /** A blob: URL typed as the verified picture, for the preview; null for everything else. */
  readonly previewUrl: string | null;
  /** The verified bytes of a PDF, kept in memory for its preview. */
  readonly pdfBytes: Blob | null;
  readonly preview: 'image' | 'pdf' | null;
  readonly previewOpen: boolean;
  /** The open PDF preview (pdf.js, loaded on first use); destroyed when the preview closes. */
  readonly pdf: PdfPreview | null;
  readonly error: SealErrorCode | null;
  /** The failure proves tampering: no new try is offered. */
  readonly final: boolean;
}

const IDLE: OpenedAttachment = Object.freeze({
  phase: 'idle',
  done: 0,
  total: 0,
  saveUrl: null,
  previewUrl: null,
  pdfBytes: null,
  preview: null,
  previewOpen: false,
  pdf: null,
  error: null,
  final: false,
});

export interface ReceivedOptions {
  readonly client: () => SealClient | undefined;
  /** Speaks through the host's polite live region. */
  readonly announce: (text: string) => void;
  readonly reportError: (operation: string, error: unknown) => SealErrorCode;
}

/**
 * The attached files of received (and sent) messages: "Download" asks the client to download, check and
 * decrypt one (with progress and Cancel); a verified file is offered through "Save" (an `<a download>`
 * with a blob: URL under the safe download name) and, for pictures and PDFs, "Preview". Every blob: URL
 * is revoked when the thread changes, the vault locks or the element leaves the page.
 */
export class ReceivedAttachments {
  readonly #states = new Map<string, OpenedAttachment>();
  readonly #aborts = new Map<string, AbortController>();
  #generation = 0;

  constructor(
    private readonly host: Host,
    private readonly options: ReceivedOptions,
  ) {}

  state(messageId: string, attachmentId: string): OpenedAttachment {
    return this.#states.get(key(messageId, attachmentId)) ?? IDLE;
  }

  async open(messageId: string, attachment: AttachmentInfo): Promise<void> {
    const client = this.options.client();
    const id = key(messageId, attachment.id);
    if (!client || this.state(messageId, attachment.id).phase === 'opening') return;
    const generation = this.#generation;
    const abort = new AbortController();
    this.#aborts.set(id, abort);
    this.#set(id, { ...IDLE, phase: 'opening' });
    const t = attachmentStrings();
    this.options.announce(`${t.opening} ${attachment.name}`);
    try {
      const blob = await client.openAttachment(messageId, attachment.id, {
        signal: abort.signal,
        onProgress: (step) => {
          if (generation === this.#generation) this.#set(id, { ...this.state(messageId, attachment.id), done: step.done, total: step.total });
        },
      });
      if (generation !== this.#generation) return;
      const preview = await previewKind(blob, attachment);
      if (generation !== this.#generation) return;
      this.#set(id, {
        ...IDLE,
        phase: 'ready',
        // Typed as plain bytes: opening the link in a tab saves the file instead of rendering it here.
        saveUrl: URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' })),
        previewUrl: preview === 'image' ? URL.createObjectURL(new Blob([blob], { type: attachment.type })) : null,
        pdfBytes: preview === 'pdf' ? blob : null,
        preview,
      });
      this.host.dispatchEvent(new SealAttachmentOpenEvent({ messageId, attachmentId: attachment.id }));
      this.options.announce(t.ready(attachment.name));
      await this.host.updateComplete;
      this.host.renderRoot.querySelector<HTMLElement>(`#save-${cssId(id)}`)?.focus();
    } catch (error) {
      if (generation !== this.#generation) return;
      if (isSealError(error, 'ABORTED')) {
        this.#set(id, IDLE);
        this.options.announce(t.downloadCancelled);
        return;
      }
      const code = this.options.reportError('open-attachment', error);
      this.#set(id, { ...IDLE, phase: 'failed', error: code, final: FINAL_FAILURES.has(code) });
      this.options.announce(`${t.openFailed(attachment.name)} ${attachmentErrorText(code)}`);
    } finally {
      if (this.#aborts.get(id) === abort) this.#aborts.delete(id);
    }
  }

  cancel(messageId: string, attachmentId: string): void {
    this.#aborts.get(key(messageId, attachmentId))?.abort();
  }

  togglePreview(messageId: string, attachmentId: string, name: string): void {
    const id = key(messageId, attachmentId);
    const current = this.state(messageId, attachmentId);
    if (current.phase !== 'ready' || !current.preview) return;
    void current.pdf?.destroy();
    const open = !current.previewOpen;
    const pdf = open && current.pdfBytes ? new PdfPreview(this.host, current.pdfBytes, {
            id: `preview-${cssId(id)}`,
            name,
            announce: this.options.announce,
            createWorker: this.options.client()?.workerFactory('pdf'),
          }) : null;
    this.#set(id, { ...current, previewOpen: open, pdf });
  }

  /** Forgets every opened file: stops downloads and revokes their URLs. */
  clear(): void {
    this.#generation += 1;
    for (const abort of this.#aborts.values()) abort.abort();
    this.#aborts.clear();
    for (const state of this.#states.values()) {
      if (state.saveUrl) URL.revokeObjectURL(state.saveUrl);
      if (state.previewUrl) URL.revokeObjectURL(state.previewUrl);
      void state.pdf?.destroy();
    }
    this.#states.clear();
    this.host.requestUpdate();
  }

  #set(id: string, state: OpenedAttachment): void {
    this.#states.set(id, state);
    this.host.requestUpdate();
  }
}

/** Ids in the host's shadow root for one attachment of one message. */
export function cssId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

export function key(messageId: string, attachmentId: string): string {
  return `${messageId}:${attachmentId}`;
}

/** How a verified file may be previewed: its signed type and its bytes must both be a picture or a PDF. */
async function previewKind(blob: Blob, attachment: AttachmentInfo): Promise<'image' | 'pdf' | null> {
  const signed = PREVIEWS[attachment.type];
  if (!signed || attachment.neverInline) return null;
  const sniffed = sniffType(new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer())).type;
  return sniffed === attachment.type ? signed : null;
}
