// pdf.js's parser, in a worker of its own that lives only as long as one preview: a hostile PDF is
// parsed away from the page, and the worker is terminated when the preview closes.
import 'pdfjs-dist/build/pdf.worker.min.mjs';
