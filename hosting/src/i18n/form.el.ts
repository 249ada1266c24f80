import type formEn from './form.en';

/** Strings of the shared form pieces (components/form/), in Greek. */
const formEl: typeof formEn = {
  calendar: {
    previousMonth: 'Προηγούμενος μήνας',
    nextMonth: 'Επόμενος μήνας',
  },
  formModal: {
    discardTitle: 'Απόρριψη αλλαγών;',
    discardText: 'Υπάρχουν μη αποθηκευμένες αλλαγές. Να κλείσει χωρίς αποθήκευση;',
    discard: 'Απόρριψη αλλαγών',
    fixErrors: 'Ελέγξτε τα επισημασμένα πεδία.',
    saving: 'Αποθήκευση…',
  },
};
export default formEl;
