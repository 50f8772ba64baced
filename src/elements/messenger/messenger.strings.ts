import { defineStrings } from '../../localize/localize.js';

export const messengerStrings = defineStrings({
  en: {
    label: 'Secure messages',
    newMessage: 'New message',
    lock: 'Lock',
    back: 'Back to messages',
    placeholder: 'Select a conversation, or write a new message.',
    composeHeading: 'New message',
    verifyHeading: 'Compare fingerprints',
  },
  es: {
    label: 'Mensajes seguros',
    newMessage: 'Mensaje nuevo',
    lock: 'Bloquear',
    back: 'Volver a los mensajes',
    placeholder: 'Seleccione una conversación o escriba un mensaje nuevo.',
    composeHeading: 'Mensaje nuevo',
    verifyHeading: 'Comparar huellas digitales',
  },
});
