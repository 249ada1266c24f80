import type en from './staff.en';

/** Greek messages of staff.en.ts. */
const el: typeof en = {
  dateField: {
    datePlaceholder: 'ηη/μμ/εεεε',
    timePlaceholder: 'ωω:λλ',
    time: 'Ώρα',
    pick: 'Άνοιγμα ημερολογίου',
    invalidDate: 'Γράψτε την ημερομηνία ως ηη/μμ/εεεε.',
  },
  phoneNav: {
    open: 'Μενού',
    close: 'Κλείσιμο μενού',
  },
  preferences: {
    title: 'Προτιμήσεις',
    language: 'Γλώσσα',
    theme: 'Θέμα',
    light: 'Ανοιχτό',
    dark: 'Σκούρο',
  },
  commsScope: {
    label: 'Εμφάνιση',
    conversations: 'Συνομιλίες',
    all: 'Όλη η δραστηριότητα',
  },
  inboxActions: {
    newCustomer: 'Νέος πελάτης από αυτόν τον αποστολέα',
    done: 'Ολοκληρώθηκε',
    doneHelp: 'Δεν χρειάζεται πελάτη: αφαίρεση από τα εισερχόμενα',
    markedDone: 'Σημειώθηκε ως ολοκληρωμένο και αφαιρέθηκε από τα εισερχόμενα.',
  },
  callPhone: 'Κλήση {phone}',
  unpaidComplete: {
    title: 'Ολοκλήρωση απλήρωτης παραγγελίας;',
    text: 'Η παραγγελία {order} έχει ακόμη υπόλοιπο {due}. Να ολοκληρωθεί παρ’ όλα αυτά;',
    confirm: 'Ολοκλήρωση παρ’ όλα αυτά',
  },
  orderPayments: {
    title: 'Πληρωμές ανά παραγγελία',
    order: 'Παραγγελία',
    status: 'Κατάσταση',
    none: 'Δεν υπάρχουν παραγγελίες ακόμη.',
  },
  moreTabs: 'Περισσότερα',
  unreadCount: '{count} αδιάβαστα',
};
export default el;
