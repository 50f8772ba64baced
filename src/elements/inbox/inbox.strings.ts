import { defineStrings } from '../../localize/localize.js';

export const inboxStrings = defineStrings({
  en: {
    list: 'Messages',
    empty: 'No messages yet',
    emptyHint: 'Messages you send and receive appear here.',
    newMessage: 'New message',
    loadFailed: 'Your messages could not be loaded.',
    loadingMore: 'Loading more messages…',
    unread: (count: number) => `${count} unread`,
    hidden: 'Content hidden',
    noSubject: '(no subject)',
    newMessageFrom: (name: string) => `New message from ${name}`,
    noIdentity: 'Create or import your identity to see your messages.',
  },
  es: {
    list: 'Mensajes',
    empty: 'Aún no tiene mensajes',
    emptyHint: 'Aquí aparecerán los mensajes que envíe y reciba.',
    newMessage: 'Mensaje nuevo',
    loadFailed: 'No se pudieron cargar sus mensajes.',
    loadingMore: 'Cargando más mensajes…',
    unread: (count: number) => `${count} sin leer`,
    hidden: 'Contenido oculto',
    noSubject: '(sin asunto)',
    newMessageFrom: (name: string) => `Mensaje nuevo de ${name}`,
    noIdentity: 'Cree o importe su identidad para ver sus mensajes.',
  },
});
