// pdf.js's parser, in a worker of its own that lives only as long as one preview: a hostile PDF is
// parsed away from the page, and the worker is terminated when the preview closes.
import 'pdfjs-dist/build/pdf.worker.min.mjs';
import { inWorker, WORKER_LISTENING } from '../../../../core/workers/listening.js';

// pdf.js's handler is in place once its module has run (imports run in order); on a page it sets up none.
if (inWorker()) postMessage(WORKER_LISTENING);
