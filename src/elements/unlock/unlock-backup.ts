/** Largest backup file read into the page; real backups are a few kilobytes. */
const MAX_BACKUP_BYTES = 256 * 1024;

/** The download name of a key backup, e.g. `sealbox-key-backup-patient-1042.asc`. */
export function backupFileName(userId: string): string {
  return `sealbox-key-backup-${userId.replace(/[^A-Za-z0-9._-]+/g, '_')}.asc`;
}

/** Offers `text` as a file download; the object URL is revoked once the click has been handled. */
export function downloadText(text: string, fileName: string, type = 'application/pgp-keys'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Reads a chosen backup file as text, refusing files far too large to be a key backup. */
export async function readBackupFile(file: File): Promise<{ text: string } | { problem: 'too-large' | 'unreadable' }> {
  if (file.size > MAX_BACKUP_BYTES) return { problem: 'too-large' };
  try {
    return { text: await file.text() };
  } catch {
    return { problem: 'unreadable' };
  }
}
