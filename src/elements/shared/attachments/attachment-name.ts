import { html, nothing, type TemplateResult } from 'lit';
import { displayName, type DisplayName } from '../../../core/attachments/names.js';
import { getLocale } from '../../../localize/localize.js';
import { attachmentStrings, typeStrings } from './attachments.strings.js';

export { displayName, type DisplayName };

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** A size in human units for the current locale ("1.2 MB"), counting in 1024s as file managers do. */
export function formatSize(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  // "582 bytes", not "582 byte"; the larger units read well short ("5.2 kB").
  const unitDisplay = unit === 0 ? 'long' : 'short';
  return new Intl.NumberFormat(getLocale(), { style: 'unit', unit: UNITS[unit], unitDisplay, maximumFractionDigits: digits }).format(value);
}

/** What a file type is called ("PDF document"); the MIME type itself when it has no name. */
export function typeLabel(type: string): string {
  const names = typeStrings() as Record<string, string>;
  return Object.hasOwn(names, type) ? names[type]! : type || attachmentStrings().unknownType;
}

const MARKER = /(\[U\+[0-9A-F]{4,6}\])/;

/**
 * A file name as text, never markup or a path: hidden characters appear as `[U+XXXX]` markers (set apart
 * visually), inside `<bdi>` so right-to-left letters cannot reorder the text around it.
 */
export function renderName(name: DisplayName): TemplateResult {
  const pieces = name.hiddenCharacters ? name.text.split(MARKER) : [name.text];
  return html`<bdi part="file-name" class="file-name">${pieces.map((piece, i) =>
    i % 2 === 1 ? html`<span part="hidden-character" class="hidden-character">${piece}</span>` : piece,
  )}</bdi>`;
}

/** The warnings a name deserves, in words: hidden characters, and a double extension. */
export function renderNameWarnings(name: DisplayName, id: string): TemplateResult | typeof nothing {
  if (!name.hiddenCharacters && !name.doubleExtension) return nothing;
  const t = attachmentStrings();
  return html`<p part="name-warning" class="name-warning" id=${id}>
    <span class="warning-icon" aria-hidden="true">!</span>
    ${name.doubleExtension ? t.doubleExtension(lastExtensions(name.text)) : ''} ${name.hiddenCharacters ? t.hiddenCharacters : ''}
  </p>`;
}

/** The last two extensions of a name, as written (".pdf.exe"). */
function lastExtensions(text: string): string {
  return `.${text.split('.').slice(-2).join('.')}`;
}
