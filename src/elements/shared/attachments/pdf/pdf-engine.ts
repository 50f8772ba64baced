import { getDocument, PDFWorker, type PDFDocumentProxy, type RenderTask } from 'pdfjs-dist';
import { getBasePath, startWorker, startWorkerAt, workerLoadHint } from '../../../../core/workers/start-worker.js';

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
 * How pdf.js's parser starts by default, in order, each tried when the one before did not load: the
 * file next to this module (the package build points the literal at `workers/pdf.worker.js`) or
 * `setBasePath`'s folder, then a chunk the application's bundler emitted (see crypto-locate.ts).
 */
function defaultPdfWorkers(): ReadonlyArray<() => Worker | null | Promise<Worker | null>> {
  return [
    () =>
      startWorker('pdf', () => new Worker(new URL('./pdf.worker.ts', import.meta.url), { type: 'module', name: 'sealbox-pdf' }), {
        path: './pdf.worker.ts',
        base: import.meta.url,
      }),
    async () => (getBasePath() === undefined ? startWorkerAt('pdf', (await import('./pdf-locate.js')).workerUrl) : null),
  ];
}

/** Why a worker stopped before it opened the document: it did not load, or its script failed. */
class WorkerLoadError extends PdfPreviewError {
  constructor(readonly ran: boolean) {
    super('unavailable');
  }
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
  for (const start of createWorker ? [createWorker] : defaultPdfWorkers()) {
    let worker: Worker | null;
    try {
      worker = await start();
    } catch {
      throw new PdfPreviewError('unavailable');
    }
    if (!worker) continue;
    try {
      // pdf.js moves the bytes to its worker: each try gets a copy of its own.
      return await openWith(worker, bytes.slice());
    } catch (error) {
      // A script that did not load: the next way of starting the worker may find it.
      if (error instanceof WorkerLoadError && !error.ran) continue;
      throw error;
    }
  }
  console.warn(workerLoadHint('pdf'));
  throw new PdfPreviewError('unavailable');
}

async function openWith(worker: Worker, bytes: Uint8Array): Promise<PdfDocument> {
  // A worker script that does not load fails at once instead of after the time limit.
  const loadFailed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      reject(new WorkerLoadError(!!(event as ErrorEvent).message));
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
  return {
    pages: pdf.numPages,
    async draw(pageNumber, canvas, cssWidth) {
      current?.cancel();
      try {
        const page = await withTimeout(pdf.getPage(pageNumber), () => undefined);
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
