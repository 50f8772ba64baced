/**
 * The MIME type of a file from its first bytes (magic numbers), never from its name or the browser's
 * guess. Markup that can run script when shown (SVG, HTML, XML) is recognised so it is never shown
 * inline.
 */

/** How many leading bytes the sniffer looks at; sender and recipient look at the same ones. */
export const SNIFF_BYTES = 1024;

export const SNIFFED_TYPES = Object.freeze({
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  text: 'text/plain',
  svg: 'image/svg+xml',
  html: 'text/html',
  xhtml: 'application/xhtml+xml',
  xml: 'application/xml',
  unknown: 'application/octet-stream',
});

export interface SniffResult {
  readonly type: string;
  /**
   * Whether the content is safe to show inside the page (image, PDF viewer, text). False for markup that
   * can run script (a blob: URL keeps the page's origin) and for unknown bytes.
   */
  readonly inline: boolean;
}

const INLINE_TYPES: ReadonlySet<string> = new Set([
  SNIFFED_TYPES.pdf,
  SNIFFED_TYPES.png,
  SNIFFED_TYPES.jpeg,
  SNIFFED_TYPES.gif,
  SNIFFED_TYPES.webp,
  SNIFFED_TYPES.heic,
  SNIFFED_TYPES.text,
]);

export function isInlineType(type: string): boolean {
  return INLINE_TYPES.has(type);
}

const ascii = (text: string) => Array.from(text, (char) => char.charCodeAt(0));

function startsWith(bytes: Uint8Array, pattern: readonly (number | null)[], offset = 0): boolean {
  if (bytes.length < offset + pattern.length) return false;
  return pattern.every((byte, i) => byte === null || bytes[offset + i] === byte);
}

const SIGNATURES: ReadonlyArray<readonly [string, readonly (number | null)[]]> = [
  [SNIFFED_TYPES.pdf, ascii('%PDF-')],
  [SNIFFED_TYPES.png, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  [SNIFFED_TYPES.jpeg, [0xff, 0xd8, 0xff]],
  [SNIFFED_TYPES.gif, ascii('GIF87a')],
  [SNIFFED_TYPES.gif, ascii('GIF89a')],
  [SNIFFED_TYPES.webp, [...ascii('RIFF'), null, null, null, null, ...ascii('WEBPVP')]],
];

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis']);
const HEIF_GENERIC_BRANDS = new Set(['mif1', 'msf1']);

/** An ISO-BMFF `ftyp` box naming a HEIC brand (as iPhones write), directly or as a compatible brand of a generic HEIF. */
function isHeic(bytes: Uint8Array): boolean {
  if (bytes.length < 12 || !startsWith(bytes, ascii('ftyp'), 4)) return false;
  const brand = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  const major = brand(8);
  if (HEIC_BRANDS.has(major)) return true;
  if (!HEIF_GENERIC_BRANDS.has(major)) return false;
  const boxSize = Math.min(new DataView(bytes.buffer, bytes.byteOffset).getUint32(0), bytes.length);
  for (let at = 16; at + 4 <= boxSize; at += 4) if (HEIC_BRANDS.has(brand(at))) return true;
  return false;
}

// The HTML openings browsers sniff (WHATWG MIME Sniffing, "identifying a resource with an unknown MIME type").
const HTML_OPENINGS = ['<!doctype html', '<html', '<head', '<script', '<iframe', '<h1', '<div', '<font', '<table', '<a', '<style', '<title', '<b', '<body', '<br', '<p'];

function markupType(bytes: Uint8Array): string | null {
  let start = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (start < bytes.length && [0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(bytes[start]!)) start++;
  if (bytes[start] !== 0x3c /* < */) return null;
  // Latin-1 keeps one character per byte, so offsets match; lower case for case-insensitive matching.
  const text = new TextDecoder('latin1').decode(bytes.subarray(start)).toLowerCase();
  // Drawing programs open SVG files with an XML declaration or a comment.
  if (['<?xml', '<!--', '<!doctype svg', '<svg'].some((opening) => text.startsWith(opening))) {
    if (/<svg[\s>/]/.test(text) || text.startsWith('<!doctype svg')) return SNIFFED_TYPES.svg;
    const xml = text.startsWith('<?xml');
    if (/<html[\s>]/.test(text) || text.includes('http://www.w3.org/1999/xhtml')) return xml ? SNIFFED_TYPES.xhtml : SNIFFED_TYPES.html;
    return xml ? SNIFFED_TYPES.xml : text.startsWith('<!--') ? SNIFFED_TYPES.html : SNIFFED_TYPES.xml;
  }
  for (const opening of HTML_OPENINGS) {
    if (text.startsWith(opening) && (text.length === opening.length || /[\s>]/.test(text[opening.length]!))) return SNIFFED_TYPES.html;
  }
  return null;
}

/** UTF-8 without the control bytes binary formats are full of. A sequence cut by the end of `head` is fine. */
function isText(bytes: Uint8Array, complete: boolean): boolean {
  for (const byte of bytes) {
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b) || byte === 0x7f) return false;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/**
 * Sniffs the type of a file from its first `SNIFF_BYTES` bytes (fewer only when the file is shorter).
 * An empty file is empty text.
 */
export function sniffType(head: Uint8Array): SniffResult {
  const bytes = head.subarray(0, SNIFF_BYTES);
  const signature = SIGNATURES.find(([, pattern]) => startsWith(bytes, pattern));
  let type: string;
  if (signature) type = signature[0];
  else if (isHeic(bytes)) type = SNIFFED_TYPES.heic;
  else type = markupType(bytes) ?? (isText(bytes, bytes.length < SNIFF_BYTES) ? SNIFFED_TYPES.text : SNIFFED_TYPES.unknown);
  return { type, inline: isInlineType(type) };
}
