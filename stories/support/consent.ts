/** The demo terms text the consent stories show (and the tests hash). */
export const TERMS_TEXT =
  'Secure messages are for non-urgent questions about your care. Your care team replies within two business days. In an emergency, call 911. Messages become part of your medical record.';
