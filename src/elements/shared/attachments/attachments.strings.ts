import { isSealError, type SealErrorCode } from '../../../core/errors.js';
import { commonStrings } from '../../../localize/common.strings.js';
import { defineStrings, getLocale } from '../../../localize/localize.js';

/** Strings of the attachment pieces the composer and the thread share. */
export const attachmentStrings = defineStrings({
  en: {
    attach: 'Attach files',
    attachHint: (count: number, size: string) => `Up to ${count} files, ${size} each. You can also drop files here.`,
    dropHere: 'Drop files here to attach them',
    dropUnsupported: 'This portal cannot send files',
    unsupported: 'This portal cannot send files. Nothing was attached.',
    chosen: 'Attached files',
    remove: (name: string) => `Remove ${name}`,
    added: (count: number) => (count === 1 ? '1 file attached.' : `${count} files attached.`),
    removed: (name: string) => `Removed ${name}.`,
    tooLarge: (name: string, size: string, limit: string) => `${name} was not attached: it is ${size}, and files can be at most ${limit}.`,
    tooMany: (name: string, count: number) => `${name} was not attached: a message can carry at most ${count} files.`,
    typeNotAllowed: (name: string, type: string) => `${name} was not attached: ${type} files cannot be sent.`,
    duplicate: (name: string) => `${name} is already attached.`,
    unreadable: (name: string) => `${name} could not be read. It may have been moved or deleted.`,
    hiddenCharacters: 'Its name contains hidden characters, shown as [U+…].',
    doubleExtension: (extensions: string) => `Check this file: its name ends in two extensions, “${extensions}”, which can disguise what it really is.`,
    encrypting: 'Encrypting',
    uploading: 'Uploading',
    progressOf: (phase: string, name: string) => `${phase} ${name}`,
    cancel: 'Cancel sending',
    cancelled: 'Sending was cancelled. Your message and files are still here.',
    uploadProgress: (done: number, total: number) => `Uploading attachments: ${done} of ${total} parts`,
    uploadLabel: 'Uploading attachments',
    received: 'Attachments',
    notOpened: 'Not downloaded yet',
    opening: 'Decrypting and checking…',
    verified: 'Verified',
    failedStatus: 'Could not be opened',
    downloadShort: 'Download',
    saveShort: 'Save',
    previewShort: 'Preview',
    hidePreviewShort: 'Hide preview',
    cancelShort: 'Cancel',
    download: (name: string) => `Download ${name}`,
    cancelDownload: (name: string) => `Cancel download of ${name}`,
    save: (name: string) => `Save ${name}`,
    preview: (name: string) => `Preview ${name}`,
    hidePreview: (name: string) => `Hide preview of ${name}`,
    previewOf: (name: string) => `Preview of ${name}`,
    noPreview: 'This kind of file is not shown here, to keep the page safe. Save it to open it.',
    ready: (name: string) => `${name} is verified and ready to save.`,
    openFailed: (name: string) => `${name} could not be opened.`,
    downloadCancelled: 'Download cancelled.',
    unknownType: 'Unknown type',
    filesTooLarge: 'The files are over the size or number allowed for one message.',
  },
  es: {
    attach: 'Adjuntar archivos',
    attachHint: (count: number, size: string) => `Hasta ${count} archivos, de ${size} cada uno. También puede soltar archivos aquí.`,
    dropHere: 'Suelte los archivos aquí para adjuntarlos',
    dropUnsupported: 'Este portal no puede enviar archivos',
    unsupported: 'Este portal no puede enviar archivos. No se adjuntó nada.',
    chosen: 'Archivos adjuntos',
    remove: (name: string) => `Quitar ${name}`,
    added: (count: number) => (count === 1 ? 'Se adjuntó 1 archivo.' : `Se adjuntaron ${count} archivos.`),
    removed: (name: string) => `Se quitó ${name}.`,
    tooLarge: (name: string, size: string, limit: string) => `No se adjuntó ${name}: ocupa ${size} y cada archivo puede ocupar como máximo ${limit}.`,
    tooMany: (name: string, count: number) => `No se adjuntó ${name}: un mensaje puede llevar como máximo ${count} archivos.`,
    typeNotAllowed: (name: string, type: string) => `No se adjuntó ${name}: no se pueden enviar archivos de tipo ${type}.`,
    duplicate: (name: string) => `${name} ya está adjunto.`,
    unreadable: (name: string) => `No se pudo leer ${name}. Puede que se haya movido o eliminado.`,
    hiddenCharacters: 'Su nombre contiene caracteres ocultos, que se muestran como [U+…].',
    doubleExtension: (extensions: string) => `Revise este archivo: su nombre termina en dos extensiones, “${extensions}”, que pueden disimular lo que es en realidad.`,
    encrypting: 'Cifrando',
    uploading: 'Subiendo',
    progressOf: (phase: string, name: string) => `${phase} ${name}`,
    cancel: 'Cancelar el envío',
    cancelled: 'Se canceló el envío. Su mensaje y sus archivos siguen aquí.',
    uploadProgress: (done: number, total: number) => `Subiendo adjuntos: ${done} de ${total} partes`,
    uploadLabel: 'Subiendo adjuntos',
    received: 'Adjuntos',
    notOpened: 'Aún sin descargar',
    opening: 'Descifrando y comprobando…',
    verified: 'Verificado',
    failedStatus: 'No se pudo abrir',
    downloadShort: 'Descargar',
    saveShort: 'Guardar',
    previewShort: 'Vista previa',
    hidePreviewShort: 'Ocultar la vista previa',
    cancelShort: 'Cancelar',
    download: (name: string) => `Descargar ${name}`,
    cancelDownload: (name: string) => `Cancelar la descarga de ${name}`,
    save: (name: string) => `Guardar ${name}`,
    preview: (name: string) => `Vista previa de ${name}`,
    hidePreview: (name: string) => `Ocultar la vista previa de ${name}`,
    previewOf: (name: string) => `Vista previa de ${name}`,
    noPreview: 'Este tipo de archivo no se muestra aquí, para proteger la página. Guárdelo para abrirlo.',
    ready: (name: string) => `${name} está verificado y listo para guardar.`,
    openFailed: (name: string) => `No se pudo abrir ${name}.`,
    downloadCancelled: 'Descarga cancelada.',
    unknownType: 'Tipo desconocido',
    filesTooLarge: 'Los archivos superan el tamaño o el número permitidos en un mensaje.',
  },
});

/** What each file type is called, by the MIME type sniffed from its content. */
export const typeStrings = defineStrings({
  en: {
    'application/pdf': 'PDF document',
    'image/png': 'PNG image',
    'image/jpeg': 'JPEG image',
    'image/gif': 'GIF image',
    'image/webp': 'WebP image',
    'image/heic': 'HEIC image',
    'text/plain': 'Text',
    'image/svg+xml': 'SVG image',
    'text/html': 'Web page (HTML)',
    'application/xhtml+xml': 'Web page (XHTML)',
    'application/xml': 'XML',
  },
  es: {
    'application/pdf': 'Documento PDF',
    'image/png': 'Imagen PNG',
    'image/jpeg': 'Imagen JPEG',
    'image/gif': 'Imagen GIF',
    'image/webp': 'Imagen WebP',
    'image/heic': 'Imagen HEIC',
    'text/plain': 'Texto',
    'image/svg+xml': 'Imagen SVG',
    'text/html': 'Página web (HTML)',
    'application/xhtml+xml': 'Página web (XHTML)',
    'application/xml': 'XML',
  },
});

const errorEn: Partial<Record<SealErrorCode, string>> = {
  ATTACHMENT_TYPE: 'A file is of a type that cannot be sent, or its content is not what it claims to be.',
  ATTACHMENTS_UNSUPPORTED: 'This portal cannot carry files: they can be neither sent nor downloaded here. Messages without files still work.',
  ATTACHMENT_CHUNK_MISMATCH: 'This file was altered after it was sent. It is not offered for download.',
  ATTACHMENT_TRUNCATED: 'Part of this file is missing. It is not offered for download.',
  ATTACHMENT_DIGEST_MISMATCH: 'This file does not match what the sender signed. It is not offered for download.',
  ATTACHMENT_SIGNATURE: 'This file was not signed by the sender. It is not offered for download.',
  ABORTED: 'Cancelled.',
};

const errorEs: Partial<Record<SealErrorCode, string>> = {
  ATTACHMENT_TYPE: 'Un archivo es de un tipo que no se puede enviar, o su contenido no es lo que dice ser.',
  ATTACHMENTS_UNSUPPORTED: 'Este portal no admite archivos: aquí no se pueden enviar ni descargar. Los mensajes sin archivos siguen funcionando.',
  ATTACHMENT_CHUNK_MISMATCH: 'Este archivo se modificó después de enviarse. No se ofrece para descargar.',
  ATTACHMENT_TRUNCATED: 'Falta una parte de este archivo. No se ofrece para descargar.',
  ATTACHMENT_DIGEST_MISMATCH: 'Este archivo no coincide con lo que firmó el remitente. No se ofrece para descargar.',
  ATTACHMENT_SIGNATURE: 'Este archivo no fue firmado por el remitente. No se ofrece para descargar.',
  ABORTED: 'Cancelado.',
};

/** Why an attachment operation failed, in words: the attachment codes here, the rest as everywhere else. */
export function attachmentErrorText(code: SealErrorCode): string {
  return attachmentFailure(code) ?? commonStrings().error(code);
}

/** Why sending failed, in words, telling file limits from other sizes. */
export function sendFailureText(error: unknown): string {
  if (!isSealError(error)) return commonStrings().error('INTERNAL');
  if (error.code === 'TOO_LARGE' && ('files' in error.details || 'attachment' in error.details)) return attachmentStrings().filesTooLarge;
  return attachmentErrorText(error.code);
}

/** The words for a failure that is about attachments; null for other codes. */
export function attachmentFailure(code: SealErrorCode): string | null {
  return (getLocale() === 'es' ? errorEs : errorEn)[code] ?? null;
}
