import type { AttachmentLimits } from '../../../core/attachments/limits.js';
import { sniffType, SNIFF_BYTES } from '../../../core/attachments/sniff.js';
import { displayName, formatSize, typeLabel, type DisplayName } from './attachment-name.js';
import { attachmentStrings } from './attachments.strings.js';

/** A file the user chose to send, with its type sniffed from its first bytes (as the engine does). */
export interface ChosenFile {
  readonly key: string;
  readonly file: File;
  readonly name: DisplayName;
  readonly type: string;
}

/** A file that was not attached, and why; kept as data so its text follows the locale. */
export interface Refusal {
  readonly reason: 'too-large' | 'too-many' | 'type' | 'duplicate' | 'unreadable';
  readonly name: DisplayName;
  readonly size: number;
  readonly type: string;
  readonly limits: AttachmentLimits;
}

async function sniff(file: File): Promise<string | null> {
  try {
    return sniffType(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer())).type;
  } catch {
    return null;
  }
}

const sameFile = (a: File, b: File) => a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;

/**
 * Checks new files against the limits and the files already chosen: the ones that fit, and the others
 * with the reason. The engine checks again when sending; this says it in words before.
 */
export async function chooseFiles(current: readonly ChosenFile[], files: readonly File[], limits: AttachmentLimits): Promise<{ accepted: ChosenFile[]; refused: Refusal[] }> {
  const types = await Promise.all(files.map(sniff));
  const accepted: ChosenFile[] = [];
  const refused: Refusal[] = [];
  files.forEach((file, i) => {
    const type = types[i];
    const name = displayName(file.name);
    const refuse = (reason: Refusal['reason']) => refused.push({ reason, name, size: file.size, type: type ?? '', limits });
    if (type === null || type === undefined) return refuse('unreadable');
    if ([...current, ...accepted].some((chosen) => sameFile(chosen.file, file))) return refuse('duplicate');
    if (file.size > limits.maxFileBytes) return refuse('too-large');
    if (!limits.allowedTypes.includes(type)) return refuse('type');
    if (current.length + accepted.length >= limits.maxFilesPerMessage) return refuse('too-many');
    accepted.push({ key: crypto.randomUUID(), file, name, type });
  });
  return { accepted, refused };
}

export function refusalText(refusal: Refusal): string {
  const t = attachmentStrings();
  const name = refusal.name.text;
  switch (refusal.reason) {
    case 'too-large':
      return t.tooLarge(name, formatSize(refusal.size), formatSize(refusal.limits.maxFileBytes));
    case 'too-many':
      return t.tooMany(name, refusal.limits.maxFilesPerMessage);
    case 'type':
      return t.typeNotAllowed(name, typeLabel(refusal.type));
    case 'duplicate':
      return t.duplicate(name);
    case 'unreadable':
      return t.unreadable(name);
  }
}
