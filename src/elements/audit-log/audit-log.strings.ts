import { defineStrings } from '../../localize/localize.js';

type Names = { name: string; names: string; count: number; version: string; failures: number };

export const auditStrings = defineStrings({
  en: {
    heading: 'Your activity',
    show: 'Show',
    filterAll: 'Everything',
    filterAccess: 'Sign-in and locking',
    filterMessages: 'Messages',
    filterContacts: 'Contacts and keys',
    filterConsent: 'Consent',
    export: 'Export for compliance (JSON)',
    older: 'Show older activity',
    empty: 'No activity recorded yet.',
    intact: (signed: number, total: number) =>
      signed === total ? `Integrity: intact, all ${total} entries signed.` : `Integrity: intact. ${signed} of ${total} entries signed; the rest are signed at the next unlock.`,
    broken: (at: number) => `Integrity: broken at entry ${at}. The log was changed outside Sealbox.`,
    truncated: (signed: number, known: number) =>
      `Integrity: the log ends early. It is sealed through entry ${signed}, but entries through ${known} were sealed on this device: later entries were removed outside Sealbox.`,
    checking: 'Checking integrity…',
    entry: (kind: string, v: Names): string =>
      ({
        'identity-created': 'Your secure messaging identity was created on this device',
        'identity-imported': 'Your identity was restored from a backup on this device',
        'unlock-succeeded': 'Unlocked on this device',
        'unlock-failed': `Wrong passphrase entered (${v.failures} in a row)`,
        lockout: 'Unlocking paused after too many wrong passphrases',
        lock: 'Locked on this device',
        'lock-idle': 'Locked automatically after a period of inactivity',
        'backup-exported': 'Encrypted key backup downloaded',
        'passphrase-changed': 'Passphrase changed',
        'message-sent': `Message sent to ${v.names}`,
        'message-opened': `Message from ${v.name} opened on this device`,
        'attachment-sent': 'File sent with a message (encrypted on this device)',
        'attachment-opened': 'Attached file decrypted and verified on this device',
        'verification-failed': `A message claiming to be from ${v.name} failed verification and was hidden`,
        'contact-key-change-seen': `${v.name}'s key changed`,
        'contact-key-change-accepted': `You accepted ${v.name}'s new key`,
        'contact-verified': `You verified ${v.name}'s fingerprint`,
        'contact-name-changed': `The directory gives ${v.name} a new name`,
        'consent-given': `You agreed to the secure messaging terms (version ${v.version})`,
        'consent-declined': `You declined the secure messaging terms (version ${v.version})`,
        'consent-withdrawn': `You withdrew consent to secure messaging (version ${v.version})`,
        'decryption-burst': `Unusually many messages were opened in a short time (${v.count})`,
        'stored-data-altered':
          v.name ? `The saved details of ${v.name} were changed outside Sealbox: they are not trusted until you check their key` : 'Your saved key details were changed outside Sealbox: they were restored from your key',
        'stored-data-altered-record-key':
          'The key protecting your saved contacts could not be opened and was replaced: check your contacts again',
        'local-data-wiped': 'Sealbox data was deleted from this device',
      })[kind] ?? kind,
  },
  es: {
    heading: 'Su actividad',
    show: 'Mostrar',
    filterAll: 'Todo',
    filterAccess: 'Acceso y bloqueo',
    filterMessages: 'Mensajes',
    filterContacts: 'Contactos y claves',
    filterConsent: 'Consentimiento',
    export: 'Exportar para cumplimiento (JSON)',
    older: 'Mostrar actividad anterior',
    empty: 'Todavía no hay actividad registrada.',
    intact: (signed: number, total: number) =>
      signed === total
        ? `Integridad: intacta, las ${total} entradas están firmadas.`
        : `Integridad: intacta. ${signed} de ${total} entradas firmadas; el resto se firma al desbloquear.`,
    broken: (at: number) => `Integridad: rota en la entrada ${at}. El registro se modificó fuera de Sealbox.`,
    truncated: (signed: number, known: number) =>
      `Integridad: el registro termina antes de tiempo. Está sellado hasta la entrada ${signed}, pero en este dispositivo se sellaron entradas hasta la ${known}: se eliminaron entradas posteriores fuera de Sealbox.`,
    checking: 'Comprobando la integridad…',
    entry: (kind: string, v: Names): string =>
      ({
        'identity-created': 'Se creó su identidad de mensajería segura en este dispositivo',
        'identity-imported': 'Se restauró su identidad desde una copia de seguridad en este dispositivo',
        'unlock-succeeded': 'Desbloqueado en este dispositivo',
        'unlock-failed': `Frase de contraseña incorrecta (${v.failures} seguidas)`,
        lockout: 'Desbloqueo en pausa tras demasiadas frases de contraseña incorrectas',
        lock: 'Bloqueado en este dispositivo',
        'lock-idle': 'Bloqueado automáticamente tras un periodo de inactividad',
        'backup-exported': 'Se descargó la copia de seguridad cifrada de la clave',
        'passphrase-changed': 'Se cambió la frase de contraseña',
        'message-sent': `Mensaje enviado a ${v.names}`,
        'message-opened': `Mensaje de ${v.name} abierto en este dispositivo`,
        'attachment-sent': 'Archivo enviado con un mensaje (cifrado en este dispositivo)',
        'attachment-opened': 'Archivo adjunto descifrado y verificado en este dispositivo',
        'verification-failed': `Un mensaje que decía ser de ${v.name} no superó la verificación y se ocultó`,
        'contact-key-change-seen': `La clave de ${v.name} cambió`,
        'contact-key-change-accepted': `Usted aceptó la nueva clave de ${v.name}`,
        'contact-verified': `Usted verificó la huella digital de ${v.name}`,
        'contact-name-changed': `El directorio da un nombre nuevo a ${v.name}`,
        'consent-given': `Usted aceptó las condiciones de la mensajería segura (versión ${v.version})`,
        'consent-declined': `Usted rechazó las condiciones de la mensajería segura (versión ${v.version})`,
        'consent-withdrawn': `Usted retiró su consentimiento a la mensajería segura (versión ${v.version})`,
        'decryption-burst': `Se abrieron muchos mensajes en poco tiempo (${v.count})`,
        'stored-data-altered':
          v.name
            ? `Los datos guardados de ${v.name} se modificaron fuera de Sealbox: no se confía en ellos hasta que compruebe su clave`
            : 'Los datos guardados de su clave se modificaron fuera de Sealbox: se restauraron a partir de su clave',
        'stored-data-altered-record-key':
          'No se pudo abrir la clave que protege sus contactos guardados y se reemplazó: compruebe de nuevo sus contactos',
        'local-data-wiped': 'Se eliminaron los datos de Sealbox de este dispositivo',
      })[kind] ?? kind,
  },
});
