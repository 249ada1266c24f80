import type tasksEn from './tasks.en';
import type { tasksActivityEn } from './tasks.en';

/** Ελληνικά μηνύματα των εργασιών, της αρχικής σελίδας «Σήμερα» και του ημερήσιου e-mail (βλ. tasks.en.ts). */
const tasksEl: typeof tasksEn = {
  today: {
    title: 'Σήμερα',
    intro: 'Τι πρέπει να γίνει τώρα.',
    badge: '{count} εργασίες για σήμερα ή εκπρόθεσμες',
    myTasks: 'Οι εργασίες μου',
    overdue: 'Εκπρόθεσμες',
    dueToday: 'Σήμερα',
    thisWeek: 'Αυτή την εβδομάδα',
    noTasks: 'Τίποτα για αυτή την εβδομάδα.',
    missedCalls: 'Αναπάντητες κλήσεις χωρίς επιστροφή',
    noMissedCalls: 'Όλες οι αναπάντητες κλήσεις επιστράφηκαν.',
    unassigned: 'Χωρίς πελάτη στα Εισερχόμενα ({count})',
    noUnassigned: 'Τα Εισερχόμενα είναι άδεια.',
    openInbox: 'Άνοιγμα Εισερχομένων',
    awaitingReply: 'Μηνύματα που περιμένουν απάντηση',
    noAwaitingReply: 'Όλοι οι πελάτες έχουν απάντηση.',
    overdueBalances: 'Πελάτες με ληξιπρόθεσμα υπόλοιπα',
    noOverdueBalances: 'Κανένα ληξιπρόθεσμο υπόλοιπο.',
    balance: '{amount} ληξιπρόθεσμα από {date}',
    call: 'Κλήση',
    callNumber: 'Κλήση στο {number}',
    reply: 'Απάντηση',
    replyTo: 'Απάντηση σε {name}',
    open: 'Άνοιγμα',
    openCustomer: 'Άνοιγμα: {name}',
    done: 'Έγινε',
    doneLabel: 'Σήμανση «{title}» ως έγινε',
    completed: '«{title}»: έγινε.',
    unknownSender: 'Άγνωστος αποστολέας',
    due: 'Έως {when}',
  },
  tasks: {
    reason: {
      missed_call: 'Αναπάντητη κλήση από {address}',
      unanswered_message: 'Δεν έχει απαντηθεί ακόμη: {address}',
      payment_overdue: 'Η πληρωμή της {order_number} έληξε στις {due_date}',
      quote_follow_up: 'Η προσφορά {quote_number} δεν έχει απάντηση',
      quote_accepted_online: 'Ο/Η {name} αποδέχτηκε online την προσφορά {quote_number}',
      quote_declined_online: 'Ο/Η {name} απέρριψε online την προσφορά {quote_number}',
      service_due: 'Συντήρηση έως {due_date}',
    },
    priority: { low: 'Χαμηλή', normal: 'Κανονική', high: 'Υψηλή' },
  },
  digest: {
    title: 'Ημερήσιο e-mail με τις εργασίες μου',
    help: 'Κάθε πρωί, ένα e-mail με τις εκπρόθεσμες εργασίες σας και όσες λήγουν εκείνη την ημέρα (ώρα Αθήνας).',
    enabled: 'Να μου στέλνεται το ημερήσιο e-mail',
    time: 'Ώρα',
    save: 'Αποθήκευση',
    saved: 'Αποθηκεύτηκε.',
    noEmail: 'Ο λογαριασμός σας δεν έχει διεύθυνση e-mail.',
  },
};

export const tasksActivityEl: typeof tasksActivityEn = {
  task_created: 'Νέα εργασία: {title}',
  task_updated: 'Αλλαγή εργασίας: {title}',
  task_completed: 'Ολοκληρώθηκε: {title}',
  task_cancelled: 'Ακυρώθηκε: {title}',
  task_reopened: 'Άνοιξε ξανά: {title}',
};

export default tasksEl;
