import { defineStrings } from '../../../localize/localize.js';

/** What the composer and the thread's reply box say about the files kept with a draft. */
export const draftFileStrings = defineStrings({
  en: {
    savingFiles: 'Encrypting the files for your draft…',
    restoringFiles: (count: number) => (count === 1 ? 'Restoring the file saved with this draft…' : `Restoring the ${count} files saved with this draft…`),
    filesDamaged: 'The files saved with this draft were damaged or changed, so they were not restored. Your text is here; attach the files again.',
    filesNotRestored: (reason: string) => `The files saved with this draft could not be restored. ${reason} Your text is here.`,
  },
  es: {
    savingFiles: 'Cifrando los archivos del borrador…',
    restoringFiles: (count: number) => (count === 1 ? 'Recuperando el archivo guardado con este borrador…' : `Recuperando los ${count} archivos guardados con este borrador…`),
    filesDamaged: 'Los archivos guardados con este borrador se dañaron o modificaron, así que no se recuperaron. Su texto está aquí; adjunte los archivos de nuevo.',
    filesNotRestored: (reason: string) => `No se pudieron recuperar los archivos guardados con este borrador. ${reason} Su texto está aquí.`,
  },
});
