import { getDocument, PDFWorker, type PDFDocumentProxy, type RenderTask } from 'pdfjs-dist';
import { defaultWorkerStarts, startListeningWorker, workerLoadHint, type WorkerStart } from '../../../../core/workers/start-worker.js';

/** Longest wait for a PDF to open or a page to draw before the preview gives up. */
const TIMEOUT_MS = 30_000;
/** Largest canvas drawn for one page, in pixels (about 4096 × 4096). */
const MAX_PIXELS = 16 * 1024 * 1024;
/** Most characters of one page's text shown (a page of dense print has about 5,000). */
const MAX_TEXT = 100_000;

export type PdfFailure = 'password' | 'damaged' | 'timeout' | 'unavailable';

/** Why a PDF could not be shown; the UI says it in words and offers Save. */
export class PdfPreviewError extends Error {
  constructor(readonly reason: PdfFailure) {
    super(`The PDF could not be shown (${reason})`);
    this.name = 'PdfPreviewError';
  }
}

/** An opened PDF: how many pages it has, drawing one onto a canvas, and closing it. */
export interface PdfDocument {
  readonly pages: number;
  /** Draws page `page` (1-based) to fit `cssWidth` CSS pixels wide; a new call cancels the previous one. */
  draw(page: number, canvas: HTMLCanvasElement, cssWidth: number): Promise<void>;
  /**
   * The text of page `page` (1-based) in reading order as pdf.js finds it, lines kept, for screen readers
   * and copying; empty for a page that is only a picture (a scan). Shown as text, never as markup.
   */
  text(page: number): Promise<string>;
  destroy(): Promise<void>;
}

/**
 * The default ways to start pdf.js's parser (see start-worker.ts): the file next to this module (the
 * package build points it at `workers/pdf.worker.js`), then the chunk a bundler emitted for pdf-locate.ts;
 * or `setBasePath`'s folder.
 */
export function pdfWorkerStarts(): WorkerStart[] {
  return defaultWorkerStarts('pdf', {
    bundled: () => new Worker(new URL('./pdf.worker.ts', import.meta.url), { type: 'module', name: 'sealbox-pdf' }),
    path: './pdf.worker.ts',
    base: import.meta.url,
    locate: () => import('./pdf-locate.js'),
  });
}

function withTimeout<T>(promise: Promise<T>, onTimeout: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new PdfPreviewError('timeout'));
    }, TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Opens verified PDF bytes with pdf.js for drawing pages as pictures. The file never runs: no PDF
 * scripting, no eval of font programs, no forms or links (nothing but pixels reaches the page), and no
 * loads beyond pdf.js's own worker (no CMap, font or wasm URLs are given, so nothing is fetched).
 */
export async function openPdf(bytes: Uint8Array, createWorker?: () => Worker): Promise<PdfDocument> {
  const started = await startListeningWorker(createWorker ? [createWorker] : pdfWorkerStarts());
  if ('reason' in started) {
    console.warn(workerLoadHint('pdf', started));
    throw new PdfPreviewError('unavailable');
  }
  const worker = started;
  // A worker that fails later (out of memory on a hostile file) ends the preview at once.
  const loadFailed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      reject(new PdfPreviewError('unavailable'));
    });
  });
  loadFailed.catch(() => undefined);
  const port = new PDFWorker({ port: worker as unknown as null });
  const task = getDocument({
    data: bytes,
    worker: port,
    isEvalSupported: false,
    enableXfa: false,
    stopAtErrors: false,
    disableAutoFetch: true,
    useWorkerFetch: false,
    verbosity: 0,
  });
  const close = async () => {
    await task.destroy().catch(() => undefined);
    port.destroy();
    worker.terminate();
  };
  let pdf: PDFDocumentProxy;
  try {
    pdf = await withTimeout(Promise.race([task.promise, loadFailed]), () => void close());
  } catch (error) {
    await close();
    if (error instanceof PdfPreviewError) throw error;
    throw new PdfPreviewError((error as { name?: string } | null)?.name === 'PasswordException' ? 'password' : 'damaged');
  }

  let current: RenderTask | null = null;
  let latest = 0;
  return {
    pages: pdf.numPages,
    async draw(pageNumber, canvas, cssWidth) {
      // A newer call supersedes this one: it stops drawing (and resolves) at its next step.
      const call = ++latest;
      try {
        const previous = current;
        previous?.cancel();
        // pdf.js lets go of the canvas only once the cancelled render has settled.
        await previous?.promise.catch(() => undefined);
        if (current === previous) current = null;
        const page = await withTimeout(pdf.getPage(pageNumber), () => undefined);
        if (call !== latest) return;
        const natural = page.getViewport({ scale: 1 });
        const ratio = Math.min(window.devicePixelRatio || 1, 2);
        let scale = (Math.max(cssWidth, 200) / natural.width) * ratio;
        const pixels = natural.width * natural.height * scale * scale;
        if (pixels > MAX_PIXELS) scale *= Math.sqrt(MAX_PIXELS / pixels);
        const viewport = page.getViewport({ scale });
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        const render = page.render({ canvas, viewport });
        current = render;
        await withTimeout(render.promise, () => render.cancel());
        if (current === render) current = null;
        page.cleanup();
      } catch (error) {
        if ((error as { name?: string } | null)?.name === 'RenderingCancelledException') return;
        throw error instanceof PdfPreviewError ? error : new PdfPreviewError('damaged');
      }
    },
    async text(pageNumber) {
      try {
        const page = await withTimeout(pdf.getPage(pageNumber), () => undefined);
        const content = await withTimeout(page.getTextContent(), () => undefined);
        let text = '';
        for (const item of content.items) {
          if (!('str' in item)) continue;
          text += item.str + (item.hasEOL ? '\n' : '');
          if (text.length > MAX_TEXT) break;
        }
        return text.slice(0, MAX_TEXT).trim();
      } catch (error) {
        throw error instanceof PdfPreviewError ? error : new PdfPreviewError('damaged');
      }
    },
    async destroy() {
      current?.cancel();
      await pdf.destroy().catch(() => undefined);
      await close();
    },
  };
}
