import type moneyEn from './money.en';

/** Πώς διαβάζονται οι πληρωμές και η οφειλή του πελάτη παντού (βλ. money.en.ts). */
const moneyEl: typeof moneyEn = {
  paymentView: {
    nothingOwed: 'Καμία οφειλή',
    overpaidBy: 'Υπερπληρωμή {amount}',
    noAdvance: 'Χωρίς προκαταβολή',
    advanceOpen: 'Απαιτείται, ποσό προς ορισμό',
    advanceReceived: '{amount}, εισπράχθηκε',
    advanceDue: '{amount}, δεν έχει εισπραχθεί',
    states: {
      no_amount: 'Καμία οφειλή',
      unpaid: 'Απλήρωτη',
      partially_paid: 'Μερικώς πληρωμένη',
      paid: 'Εξοφλημένη',
      overpaid: 'Υπερπληρωμή',
    },
    customerOwes: 'Οφειλή πελάτη',
    inCredit: 'Πιστωτικό υπόλοιπο: {amount}',
    unassigned: 'Εισπράξεις χωρίς παραγγελία: {amount}',
  },
};
export default moneyEl;
