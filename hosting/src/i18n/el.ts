import type { Messages } from './en';
import customersEl from './customers.el';
import commsEl from './comms.el';
import ordersEl from './orders.el';
import staffEl from './staff.el';
import accountsEl from './accounts.el';
import whatsappEl from './whatsapp.el';
import mailEl from './mail.el';
import callsEl from './calls.el';
import quotesEl, { quotesActivityEl } from './quotes.el';
import journalEl from './journal.el';
import tasksEl, { tasksActivityEl } from './tasks.el';
import reportsEl from './reports.el';
import installationsEl, { installationsActivityEl } from './installations.el';
import formEl from './form.el';
import moneyEl from './money.el';
import historyEl from './history.el';
import importsEl from './imports.el';
import phoneEl from './phone.el';

/** Greek messages; typed against the English shape so a missing key fails the type-check. */
const el: Messages = {
  app: {
    name: 'BellSystems CRM',
    starting: 'Εκκίνηση…',
    versionConflict:
      'Κάποιος άλλος άλλαξε την εγγραφή όσο την επεξεργαζόσασταν· η σελίδα δείχνει τώρα τη δική του έκδοση. OK: εφαρμογή των αλλαγών σας πάνω σε αυτήν. Άκυρο: κρατάτε τη δική του έκδοση και οι αλλαγές σας απορρίπτονται.',
  },
  nav: {
    label: 'Κύριο μενού',
    skipToContent: 'Μετάβαση στο περιεχόμενο',
    customers: 'Πελάτες',
    orders: 'Παραγγελίες',
    quotes: 'Προσφορές',
    products: 'Προϊόντα',
    inbox: 'Εισερχόμενα',
    service: 'Σέρβις',
    more: 'Περισσότερα',
    settings: 'Ρυθμίσεις',
  },
  menu: {
    darkTheme: 'Σκούρο θέμα',
    language: 'Γλώσσα',
    english: 'English (EN)',
    greek: 'Ελληνικά (ΕΛ)',
    signOut: 'Αποσύνδεση',
  },
  roles: {
    viewer: 'Θεατής',
    editor: 'Συντάκτης',
    admin: 'Διαχειριστής',
    none: 'Χωρίς ρόλο',
  },
  noRoleNotice: 'Ο λογαριασμός σας δεν έχει ακόμη ρόλο και δεν βλέπει δεδομένα. Ζητήστε από έναν διαχειριστή να σας δώσει ρόλο.',
  signIn: {
    title: 'Σύνδεση',
    subtitle: 'Πρόσβαση προσωπικού στο BellSystems CRM',
    email: 'Email',
    password: 'Κωδικός',
    submit: 'Σύνδεση',
    submitting: 'Σύνδεση…',
    emailRequired: 'Συμπληρώστε τη διεύθυνση email σας.',
    emailInvalid: 'Συμπληρώστε μια έγκυρη διεύθυνση email, π.χ. name{\'@\'}example.com.',
    passwordRequired: 'Συμπληρώστε τον κωδικό σας.',
    passwordTooShort: 'Ο κωδικός έχει τουλάχιστον {min} χαρακτήρες.',
    profileFailed: 'Συνδεθήκατε, αλλά το προφίλ σας δεν φορτώθηκε: {message}',
    configFailed: 'Η υπηρεσία σύνδεσης δεν είναι διαθέσιμη: {message}',
    errors: {
      'invalid-credentials': 'Λάθος email ή κωδικός.',
      'wrong-current-password': 'Ο τρέχων κωδικός είναι λάθος.',
      'user-disabled': 'Ο λογαριασμός είναι απενεργοποιημένος. Ρωτήστε έναν διαχειριστή.',
      'too-many-requests': 'Πάρα πολλές προσπάθειες. Περιμένετε λίγο και ξαναδοκιμάστε.',
      network: 'Η υπηρεσία σύνδεσης δεν είναι προσβάσιμη. Ελέγξτε τη σύνδεσή σας.',
      unknown: 'Η σύνδεση απέτυχε. Ξαναδοκιμάστε.',
    },
  },
  state: {
    loading: 'Φόρτωση…',
    loadingMore: 'Φόρτωση περισσότερων…',
    retry: 'Ξαναδοκιμάστε',
    loadMore: 'Περισσότερα',
    networkError: 'Ο διακομιστής δεν είναι προσβάσιμος. Ελέγξτε τη σύνδεσή σας και ξαναδοκιμάστε.',
  },
  common: {
    yes: 'Ναι',
    no: 'Όχι',
    cancel: 'Άκυρο',
    confirm: 'Επιβεβαίωση',
    close: 'Κλείσιμο',
  },
  ...customersEl,
  ...commsEl,
  ...ordersEl,
  ...staffEl,
  ...accountsEl,
  ...whatsappEl,
  ...mailEl,
  ...callsEl,
  ...quotesEl,
  ...journalEl,
  ...tasksEl,
  ...reportsEl,
  ...installationsEl,
  ...formEl,
  ...moneyEl,
  ...historyEl,
  ...importsEl,
  ...phoneEl,
  activity: { ...quotesActivityEl, ...tasksActivityEl, ...installationsActivityEl },
  settings: {
    title: 'Ρυθμίσεις',
    profile: 'Το προφίλ σας',
    name: 'Όνομα',
    email: 'Email',
    role: 'Ρόλος',
    roleHelp: 'Τους ρόλους τους ορίζουν οι διαχειριστές.',
    users: 'Χρήστες',
    usersEmpty: 'Δεν υπάρχουν χρήστες.',
    account: 'Λογαριασμός',
    disabled: 'Απενεργοποιημένος',
    active: 'Ενεργός',
    you: '(εσείς)',
    roleFor: 'Ρόλος για {user}',
    confirmTitle: 'Αλλαγή ρόλου',
    confirmText: 'Να δοθεί στον χρήστη {user} ο ρόλος «{role}»;',
    roleSaved: 'Ο χρήστης {user} είναι πλέον {role}.',
  },
  status: {
    relationship: {
      lead: 'Επαφή',
      prospect: 'Υποψήφιος',
      active: 'Ενεργός',
      inactive: 'Ανενεργός',
      churned: 'Χαμένος',
    },
    order: {
      negotiating: 'Σε διαπραγμάτευση',
      awaiting_quotation: 'Αναμονή προσφοράς',
      awaiting_customer_confirmation: 'Αναμονή επιβεβαίωσης πελάτη',
      awaiting_fulfilment: 'Αναμονή εκτέλεσης',
      awaiting_payment: 'Αναμονή πληρωμής',
      manufacturing: 'Σε κατασκευή',
      shipped: 'Απεστάλη',
      installed: 'Εγκαταστάθηκε',
      declined: 'Απορρίφθηκε',
      complete: 'Ολοκληρώθηκε',
    },
    flag: {
      issue: 'Ενεργό τεχνικό πρόβλημα',
      support: 'Ενεργή υποστήριξη εγκατάστασης',
      resolved: 'Επιλύθηκε',
    },
  },
  notFound: {
    title: 'Η σελίδα δεν βρέθηκε',
    text: 'Δεν υπάρχει σελίδα σε αυτή τη διεύθυνση.',
    back: 'Μετάβαση στους πελάτες',
  },
};

export default el;
