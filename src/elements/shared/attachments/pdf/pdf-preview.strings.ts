import { defineStrings } from '../../../../localize/localize.js';

/** Strings of the PDF preview in the thread. */
export const pdfStrings = defineStrings({
  en: {
    loading: (name: string) => `Opening ${name} for preview…`,
    page: (page: number, pages: number) => `Page ${page} of ${pages}`,
    pageOf: (page: number, pages: number, name: string) => `Page ${page} of ${pages} of ${name}`,
    pages: (name: string) => `Pages of ${name}`,
    previous: 'Previous page',
    next: 'Next page',
    hint: 'Shown as a picture: links, forms and scripts in the PDF do not work here. Save the file to use them.',
    password: (name: string) => `${name} is protected by a password, so it cannot be previewed. Save it and open it with a PDF reader.`,
    damaged: (name: string) => `${name} could not be shown here. Save it and open it with a PDF reader.`,
    timeout: (name: string) => `${name} took too long to show. Save it and open it with a PDF reader.`,
  },
  es: {
    loading: (name: string) => `Abriendo ${name} para la vista previa…`,
    page: (page: number, pages: number) => `Página ${page} de ${pages}`,
    pageOf: (page: number, pages: number, name: string) => `Página ${page} de ${pages} de ${name}`,
    pages: (name: string) => `Páginas de ${name}`,
    previous: 'Página anterior',
    next: 'Página siguiente',
    hint: 'Se muestra como imagen: los enlaces, formularios y scripts del PDF no funcionan aquí. Guarde el archivo para usarlos.',
    password: (name: string) => `${name} está protegido con contraseña y no se puede previsualizar. Guárdelo y ábralo con un lector de PDF.`,
    damaged: (name: string) => `${name} no se puede mostrar aquí. Guárdelo y ábralo con un lector de PDF.`,
    timeout: (name: string) => `${name} tardó demasiado en mostrarse. Guárdelo y ábralo con un lector de PDF.`,
  },
});
