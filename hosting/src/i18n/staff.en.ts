/** Messages of the staff-ready SPA pieces: date fields, navigation on a phone, preferences, inbox extras. */
export default {
  dateField: {
    datePlaceholder: 'dd/mm/yyyy',
    timePlaceholder: 'hh:mm',
    time: 'Time',
    pick: 'Open calendar',
    invalidDate: 'Type a date as dd/mm/yyyy.',
  },
  phoneNav: {
    open: 'Menu',
    close: 'Close menu',
  },
  preferences: {
    title: 'Preferences',
    language: 'Language',
    theme: 'Theme',
    light: 'Light',
    dark: 'Dark',
  },
  commsScope: {
    label: 'Show',
    conversations: 'Conversations',
    all: 'All activity',
  },
  inboxActions: {
    newCustomer: 'New customer from this sender',
    done: 'Done',
    doneHelp: 'Needs no customer: remove it from the inbox',
    markedDone: 'Marked as done; it left the inbox.',
  },
  callPhone: 'Call {phone}',
  unpaidComplete: {
    title: 'Complete an unpaid order?',
    text: '{order} still has {due} due. Complete it anyway?',
    confirm: 'Complete anyway',
  },
  orderPayments: {
    title: 'Payments per order',
    order: 'Order',
    status: 'Status',
    none: 'No orders yet.',
  },
  moreTabs: 'More',
  unreadCount: '{count} unread',
};
