import type en from './staff.en';

/** Greek messages of staff.en.ts. */
const el: typeof en = {
  dateField: {
    datePlaceholder: 'ηη/μμ/εεεε',
    timePlaceholder: 'ωω:λλ',
    time: 'Ώρα',
    pick: 'Επιλογή ημερομηνίας',
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
  moreTabs: 'Περισσότερα',
  unreadCount: '{count} αδιάβαστα',
};
export default el;
