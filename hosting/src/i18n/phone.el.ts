import type phoneEn from './phone.en';

/** Greek messages of the phone layout: the customer's quick contacts, folded filters and actions. */
const phoneEl: typeof phoneEn = {
  phone: {
    reach: {
      label: 'Επικοινωνία με τον πελάτη',
      call: 'Κλήση',
      callLabel: 'Κλήση στο {number}',
      ringExtension: 'Από το εσωτερικό μου',
      ringExtensionLabel: 'Από το εσωτερικό μου: κλήση στο {number}',
      whatsapp: 'WhatsApp',
      whatsappLabel: 'WhatsApp στο {number}',
      email: 'E-mail',
      emailLabel: 'E-mail στο {address}',
      map: 'Χάρτης',
      mapLabel: 'Χάρτης: {place}',
    },
    actions: 'Ενέργειες',
    filters: {
      button: 'Φίλτρα',
      active: 'κανένα ενεργό φίλτρο | 1 ενεργό φίλτρο | {count} ενεργά φίλτρα',
    },
    entryActions: 'Ενέργειες για {title}',
  },
};

export default phoneEl;
