/** English messages of the phone layout: the customer's quick contacts, folded filters and actions (see phone.el.ts). */
const phoneEn = {
  phone: {
    reach: {
      label: 'Contact the customer',
      call: 'Call',
      callLabel: 'Call {number}',
      ringExtension: 'From my extension',
      ringExtensionLabel: 'From my extension: call {number}',
      whatsapp: 'WhatsApp',
      whatsappLabel: 'WhatsApp to {number}',
      email: 'E-mail',
      emailLabel: 'E-mail to {address}',
      map: 'Map',
      mapLabel: 'Map: {place}',
    },
    actions: 'Actions',
    filters: {
      button: 'Filters',
      active: 'no filter active | 1 filter active | {count} filters active',
    },
    entryActions: 'Actions for {title}',
  },
};

export default phoneEn;
