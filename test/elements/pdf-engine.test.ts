// Drawing PDF pages one after another onto one canvas, as Previous/Next and the arrow keys do.
import { expect } from '@open-wc/testing';
import { openPdf, type PdfDocument } from '../../src/elements/shared/attachments/pdf/pdf-engine.js';
import { pdfBytes } from '../../stories/support/attachment-files.js';

describe('PDF pages drawn in quick succession', () => {
  let pdf: PdfDocument;
  beforeEach(async () => {
    pdf = await openPdf(pdfBytes(['Page one', 'Page two', 'Page three']));
  });
  afterEach(() => pdf.destroy());

  it('draws the last page asked for when a new page is asked for before the previous one is drawn', async () => {
    const canvas = document.createElement('canvas');
    // Keys pressed faster than pages draw: each call supersedes the one before.
    const draws = [pdf.draw(1, canvas, 400), pdf.draw(2, canvas, 400), pdf.draw(3, canvas, 400)];
    const outcomes = await Promise.allSettled(draws);
    expect(outcomes.map((outcome) => outcome.status)).to.deep.equal(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(canvas.width).to.be.greaterThan(0);
    // The canvas shows page three: drawing page three again changes nothing.
    const shown = canvas.toDataURL();
    const again = document.createElement('canvas');
    await pdf.draw(3, again, 400);
    expect(again.toDataURL()).to.equal(shown);
  });
});
