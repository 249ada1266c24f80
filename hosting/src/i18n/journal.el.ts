import type journalEn from './journal.en';

/** Greek messages of the dead journal entries in Settings. */
const journalEl: typeof journalEn = {
  journal: {
    dead: {
      title: 'Παραδόσεις που αποτυγχάνουν επανειλημμένα ({count})',
      help: 'Απέτυχαν αρκετές φορές για τον ίδιο λόγο και δεν ξαναδοκιμάζονται. Το πρωτότυπο φυλάσσεται· διορθώστε την αιτία και δοκιμάστε ξανά.',
      retry: 'Νέα δοκιμή',
    },
    sources: { email: 'Email', whatsapp: 'WhatsApp', call: 'Κλήση' },
  },
};

export default journalEl;
