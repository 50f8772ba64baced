import { defineStrings } from '../../../localize/localize.js';

/** The misdirected-message guard's words (composer and reply box). */
export const recipientStrings = defineStrings({
  en: {
    reasonVerified: 'You compared fingerprints with this person.',
    confirmTitle: 'Check who will receive this message',
    confirmIntro: 'Make sure this message is going to the right people:',
    reasonNew: 'You have not written to this person before. Their key will be trusted from now on.',
    reasonUnverified: 'You have not compared fingerprints with this person yet.',
    reasonKeyChanged:
      'Their key changed since you last wrote. This happens with a new device, but it can also mean someone else is trying to read the message.',
    keyChangedBlock: 'Accept the new key or compare fingerprints before sending.',
    reasonKeyRevoked: 'They revoked this key, or it expired: a message to it could be read by whoever has it now. Ask them to set up secure messaging again, then write.',
    revokedBlock: 'Nothing can be sent to a revoked key. Remove this person or wait for their new key.',
    reasonAltered: 'Their saved key was changed on this device outside Sealbox. It may not be theirs.',
    alteredBlock: 'Compare fingerprints with this person before sending.',
    nameChanged: (previous: string) =>
      `You knew them as “${previous}”. Names come from the portal's directory and can change: check the user id.`,
    acceptName: 'Use the new name',
    acceptNameFor: (previous: string, name: string) => `Use the new name ${name} instead of ${previous}`,
    nameAccepted: (name: string) => `You now know them as ${name}.`,
    compare: 'Compare fingerprints',
    acceptKey: 'Accept new key',
    acceptKeyFor: (name: string) => `Accept new key for ${name}`,
    compareWith: (name: string) => `Compare fingerprints with ${name}`,
    keyAccepted: (name: string) => `New key accepted for ${name}. It is not verified yet.`,
    confirm: 'Confirm and send',
    cancel: 'Cancel',
  },
  es: {
    reasonVerified: 'Usted comparó las huellas digitales con esta persona.',
    confirmTitle: 'Compruebe quién recibirá este mensaje',
    confirmIntro: 'Asegúrese de que este mensaje va a las personas correctas:',
    reasonNew: 'Usted no le ha escrito antes a esta persona. Su clave se considerará de confianza a partir de ahora.',
    reasonUnverified: 'Aún no ha comparado las huellas digitales con esta persona.',
    reasonKeyChanged:
      'Su clave cambió desde la última vez que le escribió. Ocurre con un dispositivo nuevo, pero también puede significar que otra persona intenta leer el mensaje.',
    keyChangedBlock: 'Acepte la clave nueva o compare las huellas digitales antes de enviar.',
    reasonKeyRevoked: 'Revocó esta clave o caducó: un mensaje cifrado para ella podría leerlo quien la tenga ahora. Pídale que configure de nuevo la mensajería segura y después escriba.',
    revokedBlock: 'No se puede enviar nada a una clave revocada. Quite a esta persona o espere su clave nueva.',
    reasonAltered: 'Su clave guardada se modificó en este dispositivo fuera de Sealbox. Puede que no sea suya.',
    alteredBlock: 'Compare las huellas digitales con esta persona antes de enviar.',
    nameChanged: (previous: string) =>
      `Usted conocía a esta persona como «${previous}». Los nombres vienen del directorio del portal y pueden cambiar: compruebe el identificador de usuario.`,
    acceptName: 'Usar el nombre nuevo',
    acceptNameFor: (previous: string, name: string) => `Usar el nombre nuevo ${name} en lugar de ${previous}`,
    nameAccepted: (name: string) => `Ahora conoce a esta persona como ${name}.`,
    compare: 'Comparar huellas digitales',
    acceptKey: 'Aceptar clave nueva',
    acceptKeyFor: (name: string) => `Aceptar la clave nueva de ${name}`,
    compareWith: (name: string) => `Comparar huellas digitales con ${name}`,
    keyAccepted: (name: string) => `Se aceptó la clave nueva de ${name}. Aún no está verificada.`,
    confirm: 'Confirmar y enviar',
    cancel: 'Cancelar',
  },
});
