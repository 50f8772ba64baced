/**
 * Files for attachment stories and tests: real PDF, PNG and text content (so the sniffer, the limits
 * and the previews see what they would see in use), hostile names, and a way to choose files in an
 * element the way the file input does.
 */

const encoder = new TextEncoder();

/** A PDF with a page per text (one line of Helvetica each), with a correct cross-reference table. */
export function pdfBytes(
  text: string | readonly string[],
  extra: { readonly catalog?: string; readonly page?: string; readonly objects?: readonly string[]; readonly trailer?: string } = {},
): Uint8Array<ArrayBuffer> {
  const texts = typeof text === 'string' ? [text] : text;
  // Objects: 1 catalog, 2 page tree, 3 font, then a page and its content stream per text, then `extra.objects`.
  const pageRef = (i: number) => `${4 + i * 2} 0 R`;
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R ${extra.catalog ?? ''}>>`,
    `<< /Type /Pages /Kids [${texts.map((_, i) => pageRef(i)).join(' ')}] /Count ${texts.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  texts.forEach((line, i) => {
    const stream = `BT /F1 24 Tf 72 720 Td (${line.replace(/[()\\]/g, '\\$&')}) Tj ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${5 + i * 2} 0 R /Resources << /Font << /F1 3 0 R >> >> ${extra.page ?? ''}>>`,
      `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    );
  });
  objects.push(...(extra.objects ?? []));
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${extra.trailer ?? ''}>>\nstartxref\n${xref}\n%%EOF\n`;
  return encoder.encode(body);
}

/** Starts like a PDF (so it is sniffed and sent as one) but has no document structure after the header. */
export function damagedPdfBytes(): Uint8Array<ArrayBuffer> {
  return encoder.encode(`%PDF-1.7\n${'This is not a PDF body. '.repeat(40)}\n`);
}

/** A PDF locked with a user password (standard security handler): it opens only with the password. */
export function passwordPdfBytes(): Uint8Array<ArrayBuffer> {
  const hex32 = (byte: string) => `<${byte.repeat(32)}>`;
  return pdfBytes('Locked', {
    objects: ['<< /Filter /Standard /V 1 /R 2 /O ' + hex32('a1') + ' /U ' + hex32('b2') + ' /P -44 >>'],
    trailer: '/Encrypt 6 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ',
  });
}

/** A PNG picture: a coloured card with a line of text, drawn on a canvas. */
export async function pngBytes(label: string, width = 320, height = 180): Promise<Uint8Array<ArrayBuffer>> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#e1eef5';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#0b5c7d';
  context.fillRect(0, height - 24, width, 24);
  context.fillStyle = '#1d2433';
  context.font = '20px sans-serif';
  context.fillText(label, 16, 48);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new Uint8Array(await blob.arrayBuffer());
}

const file = (bytes: Uint8Array<ArrayBuffer> | string, name: string, type = '') => new File([typeof bytes === 'string' ? encoder.encode(bytes) : bytes], name, { type, lastModified: 1_767_000_000_000 });

/** A right-to-left override makes "invoice\u202Efdp.exe" read as "invoiceexe.pdf". */
export const RTL_NAME = 'invoice\u202Efdp.exe';
/** A familiar extension in front of the real one. */
export const DOUBLE_EXTENSION_NAME = 'lab-results.pdf.exe';

/** Files people send: a PDF letter, a photo, a text note. */
export async function everydayFiles(): Promise<File[]> {
  return [
    file(pdfBytes(['Referral letter for Ana Ruiz', 'Page 2: medication list']), 'referral-letter.pdf', 'application/pdf'),
    file(await pngBytes('Rash on left arm, day 3'), 'rash-photo.png', 'image/png'),
    file('Fasting glucose\nMon 6.1\nTue 5.9\nWed 6.3\n', 'glucose-log.txt', 'text/plain'),
  ];
}

/** Allowed content under names that disguise it: a right-to-left override, a double extension, a control character. */
export function hostileFiles(): File[] {
  return [
    file(pdfBytes('Invoice'), RTL_NAME, 'application/pdf'),
    file(pdfBytes('Lab results'), DOUBLE_EXTENSION_NAME, 'application/pdf'),
    file('note\n', 'note\u0007\u200B.txt', 'text/plain'),
  ];
}

/** Files the limits refuse: too large, a type that is not allowed (SVG), and one more than five. */
export function refusedFiles(): File[] {
  const big = new Uint8Array(26 * 1024 * 1024);
  big.set(pdfBytes('Big scan').subarray(0, 8));
  return [
    file(big, 'whole-body-scan.pdf', 'application/pdf'),
    file('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'chart.svg', 'image/svg+xml'),
    ...Array.from({ length: 6 }, (_, i) => file(`Note ${i + 1}\n`, `note-${i + 1}.txt`, 'text/plain')),
  ];
}

/** Chooses files in an element's file input, as the browser's file dialog does. */
export function chooseFiles(input: HTMLInputElement, files: readonly File[]): void {
  const transfer = new DataTransfer();
  for (const chosen of files) transfer.items.add(chosen);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/**
 * A `ref` callback for stories: once the element shows its "Attach files" input, chooses `files` in it.
 * Storybook and the tests render the same story, so both start with the files chosen.
 */
export function chooseWhenReady(files: readonly File[] | undefined): (element?: Element) => void {
  let done = false;
  return (element?: Element) => {
    if (!element || done || !files?.length) return;
    done = true;
    void (async () => {
      for (let i = 0; i < 400; i += 1) {
        const input = element.shadowRoot?.querySelector<HTMLInputElement>('input[type="file"]');
        if (input && !input.closest('fieldset')?.disabled) return chooseFiles(input, files);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
  };
}
