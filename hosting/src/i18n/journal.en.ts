/** English messages of the dead journal entries in Settings (see journal.el.ts). */
const journalEn = {
  journal: {
    dead: {
      title: 'Deliveries that keep failing ({count})',
      help: 'These failed several times for the same reason and are no longer retried. The original is kept; fix the cause, then retry.',
      retry: 'Retry',
    },
    sources: { email: 'Email', whatsapp: 'WhatsApp', call: 'Call' },
  },
};

export default journalEn;
