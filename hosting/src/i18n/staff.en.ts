/** Messages of the staff-ready SPA pieces: date fields, navigation on a phone, preferences, inbox extras. */
export default {
  dateField: {
    datePlaceholder: 'dd/mm/yyyy',
    timePlaceholder: 'hh:mm',
    time: 'Time',
    pick: 'Pick a date',
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
  moreTabs: 'More',
  unreadCount: '{count} unread',
};
