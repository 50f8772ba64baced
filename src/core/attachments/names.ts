/**
 * File names as senders wrote them are untrusted text. `displayName` makes hidden characters visible
 * (a right-to-left override can make "invoice‮fdp.exe" read "invoiceexe.pdf") and flags double
 * extensions; `downloadName` gives a plain file name for saving. A name is never used as a path.
 */
import { HIDDEN_CHARACTERS as HIDDEN } from '../hidden-characters.js';
import { SNIFFED_TYPES } from './sniff.js';

export interface DisplayName {
  /** The name with control, bidi, invisible and unusual space characters shown as `[U+XXXX]`. */
  readonly text: string;
  /** Whether any character had to be made visible. */
  readonly hiddenCharacters: boolean;
  /** A familiar extension followed by another one ("scan.pdf.exe"): the first one is a disguise. */
  readonly doubleExtension: boolean;
  /** The last extension, lower-cased, without the dot; '' if none. */
  readonly extension: string;
}

function codePointLabel(char: string): string {
  return `[U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;
}

/** Extensions people recognise as documents or pictures: seeing one before another is the disguise to flag. */
const FAMILIAR_EXTENSIONS = new Set([
  'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'rtf', 'txt', 'csv',
  'jpg', 'jpeg', 'png', 'gif', 'webp', 'heic', 'heif', 'bmp', 'tif', 'tiff', 'mp3', 'mp4', 'mov', 'wav',
]);

/** Extensions, last one last; a leading dot (".profile") starts no extension. */
function extensions(name: string): string[] {
  return name.replace(/^\.+/, '').split('.').slice(1).map(normalizeExtension);
}

function normalizeExtension(part: string): string {
  return part.replace(HIDDEN, '').trim().toLowerCase();
}

export function displayName(name: string): DisplayName {
  let hiddenCharacters = false;
  const text = name.replace(HIDDEN, (char) => {
    hiddenCharacters = true;
    return codePointLabel(char);
  });
  const list = extensions(name);
  const extension = list.at(-1) ?? '';
  const before = list.at(-2);
  const doubleExtension = before !== undefined && FAMILIAR_EXTENSIONS.has(before) && extension !== before && extension !== '';
  return { text, hiddenCharacters, doubleExtension, extension };
}

/** The extensions a saved file of each sniffed type may keep; the first is added when the name has none of them. */
const TYPE_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  [SNIFFED_TYPES.pdf]: ['pdf'],
  [SNIFFED_TYPES.png]: ['png'],
  [SNIFFED_TYPES.jpeg]: ['jpg', 'jpeg', 'jpe', 'jfif'],
  [SNIFFED_TYPES.gif]: ['gif'],
  [SNIFFED_TYPES.webp]: ['webp'],
  [SNIFFED_TYPES.heic]: ['heic', 'heif'],
  [SNIFFED_TYPES.text]: ['txt', 'text', 'log', 'csv', 'tsv', 'md'],
};

const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com\d|lpt\d)(?:\.|$)/i;
const MAX_DOWNLOAD_NAME = 200;

/**
 * A plain file name to save the file under (`<a download>`): no path separators, characters Windows
 * forbids, hidden characters, leading dots or reserved device names, and an extension that matches the
 * sniffed type ("notes.html" holding plain text is saved as "notes.html.txt").
 */
export function downloadName(name: string, type: string): string {
  let safe = name
    .replace(HIDDEN, '')
    .replace(/[/\\:*?"<>|]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (WINDOWS_RESERVED.test(safe)) safe = `_${safe}`;
  const allowed = TYPE_EXTENSIONS[type];
  const extension = safe.includes('.') ? safe.slice(safe.lastIndexOf('.') + 1).toLowerCase() : '';
  const suffix = allowed && !allowed.includes(extension) ? `.${allowed[0]}` : '';
  safe = fitName(safe || 'attachment', MAX_DOWNLOAD_NAME - suffix.length);
  return safe + suffix;
}

/** Shortens a name to `max` UTF-16 units, keeping its extension and never splitting a character. */
export function fitName(name: string, max: number): string {
  if (name.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  let stem = '';
  for (const char of name.slice(0, name.length - extension.length)) {
    if (stem.length + char.length + extension.length > max) break;
    stem += char;
  }
  return stem + extension;
}
