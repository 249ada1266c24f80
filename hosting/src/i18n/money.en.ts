/** How payments and what a customer owes read everywhere (components/orders/payment-view.ts). */
export default {
  paymentView: {
    nothingOwed: 'Nothing owed',
    overpaidBy: 'Overpaid by {amount}',
    noAdvance: 'No advance required',
    advanceOpen: 'Required, amount not set',
    advanceReceived: '{amount}, received',
    advanceDue: '{amount}, not yet received',
    states: {
      no_amount: 'Nothing owed',
      unpaid: 'Unpaid',
      partially_paid: 'Partly paid',
      paid: 'Paid',
      overpaid: 'Overpaid',
    },
    customerOwes: 'The customer owes',
    inCredit: 'In credit: {amount}',
    unassigned: 'Received without an order: {amount}',
  },
};
