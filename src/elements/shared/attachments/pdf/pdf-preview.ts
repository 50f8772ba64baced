import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { createRef, ref } from 'lit/directives/ref.js';
import type { PdfDocument, PdfFailure } from './pdf-engine.js';
import { pdfStrings } from './pdf-preview.strings.js';

type Host = ReactiveControllerHost & HTMLElement;

export interface PdfPreviewOptions {
  /** Prefix for ids in the host's shadow root. */
  readonly id: string;
  /** The file's display-safe name. */
  readonly name: string;
  /** Speaks through the host's polite live region. */
  readonly announce: (text: string) => void;
  /** Starts pdf.js's worker (the client's `createWorker` option); the package's own worker otherwise. */
  readonly createWorker?: (() => Worker) | undefined;
}

/**
 * One verified PDF shown in the thread, a page at a time, as a picture drawn by pdf.js (loaded on first
 * use, with its parser in a worker of its own). Previous and Next move between pages; the arrow keys do
 * too while the page has focus. "Show the text of this page" opens the page's text below it, as plain
 * text (for screen readers, enlarging and copying). `destroy()` stops the worker and frees the document.
 */
export class PdfPreview {
  phase: 'loading' | 'ready' | 'failed' = 'loading';
  failure: PdfFailure | null = null;
  page = 1;
  pages = 0;
  /** The page's text is shown below it. */
  showText = false;
  /** The shown page's text: null while it is read, `failed` when it could not be. */
  pageText: string | null | { failed: true } = null;
  #textPage = 0;
  readonly #canvas = createRef<HTMLCanvasElement>();
  #document: PdfDocument | null = null;
  #destroyed = false;

  constructor(
    private readonly host: Host,
    bytes: Blob,
    private readonly options: PdfPreviewOptions,
  ) {
    void this.#open(bytes);
  }

  async #open(bytes: Blob): Promise<void> {
    try {
      const [{ openPdf }, data] = await Promise.all([import('./pdf-engine.js'), bytes.arrayBuffer()]);
      if (this.#destroyed) return;
      const document = await openPdf(new Uint8Array(data), this.options.createWorker);
      if (this.#destroyed) {
        await document.destroy();
        return;
      }
      this.#document = document;
      this.pages = document.pages;
      this.phase = 'ready';
      this.host.requestUpdate();
      await this.host.updateComplete;
      await this.#draw();
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(error: unknown): void {
    if (this.#destroyed) return;
    this.phase = 'failed';
    this.failure = (error as { reason?: PdfFailure } | null)?.reason ?? 'damaged';
    this.options.announce(pdfStrings()[this.failure](this.options.name));
    void this.destroy(false);
    this.host.requestUpdate();
  }

  async #draw(): Promise<void> {
    const canvas = this.#canvas.value;
    const document = this.#document;
    if (!canvas || !document) return;
    try {
      await Promise.all([document.draw(this.page, canvas, canvas.parentElement?.clientWidth ?? 600), this.#readText()]);
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Reads the current page's text when it is shown (and not read yet); a failure only affects the text. */
  async #readText(): Promise<void> {
    const document = this.#document;
    const page = this.page;
    if (!this.showText || !document || this.#textPage === page) return;
    this.#textPage = page;
    this.pageText = null;
    this.host.requestUpdate();
    const text = await document.text(page).catch(() => ({ failed: true }) as const);
    if (this.#textPage !== page || this.#destroyed) return;
    this.pageText = text;
    this.host.requestUpdate();
  }

  #toggleText(): void {
    this.showText = !this.showText;
    this.host.requestUpdate();
    void this.#readText();
  }

  /** Shows another page (1-based, kept within the document) and says which. */
  async go(page: number): Promise<void> {
    const next = Math.min(Math.max(1, page), this.pages);
    if (this.phase !== 'ready' || next === this.page) return;
    this.page = next;
    this.options.announce(pdfStrings().page(this.page, this.pages));
    this.host.requestUpdate();
    await this.#draw();
  }

  /**
   * Previous or Next: at the first or last page that button turns off, so focus moves to the other one.
   * Whether the button had focus is read before it turns off: browsers differ in whether a focused
   * button that becomes disabled keeps focus or drops it to the page.
   */
  async #step(step: 1 | -1): Promise<void> {
    const root = this.host.shadowRoot;
    const button = (which: 'previous' | 'next') => root?.querySelector<HTMLButtonElement>(`#${this.options.id}-pdf-${which}`) ?? null;
    const pressed = button(step > 0 ? 'next' : 'previous');
    const hadFocus = pressed !== null && root?.activeElement === pressed;
    const moved = this.go(this.page + step);
    await this.host.updateComplete;
    if (hadFocus && pressed.disabled) button(step > 0 ? 'previous' : 'next')?.focus();
    await moved;
  }

  readonly #onKeydown = (event: KeyboardEvent) => {
    const step = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1 }[event.key];
    const target = event.key === 'Home' ? 1 : event.key === 'End' ? this.pages : step ? this.page + step : null;
    if (target === null) return;
    event.preventDefault();
    void this.go(target);
  };

  render(): TemplateResult {
    const t = pdfStrings();
    const name = this.options.name;
    if (this.phase === 'failed') {
      return html`<p part="preview-error" class="attachment-error">${t[this.failure ?? 'damaged'](name)}</p>`;
    }
    const id = this.options.id;
    return html`<div part="preview-pdf" class="pdf-preview" role="group" aria-label=${t.pages(name)} aria-busy=${this.phase === 'loading' ? 'true' : 'false'}>
      ${this.phase === 'loading' ? html`<p part="preview-loading" class="hint">${t.loading(name)}</p>` : nothing}
      <div class="pdf-page" ?hidden=${this.phase !== 'ready'}>
        <canvas
          ${ref(this.#canvas)}
          part="preview-page"
          tabindex="0"
          role="img"
          aria-label=${t.pageOf(this.page, this.pages, name)}
          aria-describedby="${id}-pdf-hint"
          @keydown=${this.#onKeydown}
        ></canvas>
      </div>
      ${this.phase === 'ready' && this.pages > 1
        ? html`<div part="preview-pages" class="pdf-pages">
            <button type="button" id="${id}-pdf-previous" part="previous-page-button" class="secondary" ?disabled=${this.page <= 1} @click=${() => void this.#step(-1)}>
              ${t.previous}
            </button>
            <span part="preview-page-number">${t.page(this.page, this.pages)}</span>
            <button type="button" id="${id}-pdf-next" part="next-page-button" class="secondary" ?disabled=${this.page >= this.pages} @click=${() => void this.#step(1)}>
              ${t.next}
            </button>
          </div>`
        : nothing}
      <p id="${id}-pdf-hint" class="hint">${t.hint}</p>
      ${this.phase === 'ready' ? this.#renderText() : nothing}
    </div>`;
  }

  #renderText(): TemplateResult {
    const t = pdfStrings();
    const id = `${this.options.id}-pdf-text`;
    const text = this.pageText;
    const shown = text === null ? t.textLoading : typeof text === 'string' ? text || t.noText : t.textFailed;
    return html`<button type="button" part="preview-text-button" class="secondary" aria-expanded=${this.showText ? 'true' : 'false'} aria-controls=${id} @click=${() => this.#toggleText()}>
        ${this.showText ? t.hideText : t.showText}
      </button>
      <div id=${id} part="preview-text" class="pdf-text" role="region" tabindex="0" aria-label=${t.textOf(this.page, this.options.name)} aria-busy=${text === null ? 'true' : 'false'} ?hidden=${!this.showText}>
        ${this.showText ? shown : nothing}
      </div>`;
  }

  /** Stops drawing, frees the document and terminates its worker. */
  async destroy(final = true): Promise<void> {
    if (final) this.#destroyed = true;
    const document = this.#document;
    this.#document = null;
    await document?.destroy();
  }
}
