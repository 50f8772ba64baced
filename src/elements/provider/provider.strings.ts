import { defineStrings } from '../../localize/localize.js';

export const providerStrings = defineStrings({
  en: { failed: 'Secure messaging could not start.' },
  es: { failed: 'La mensajería segura no pudo iniciarse.' },
});
