import customersEn from './customers.en';
import commsEn from './comms.en';
import ordersEn from './orders.en';
import staffEn from './staff.en';
import accountsEn from './accounts.en';
import whatsappEn from './whatsapp.en';
import mailEn from './mail.en';
import callsEn from './calls.en';
import quotesEn, { quotesActivityEn } from './quotes.en';
import journalEn from './journal.en';
import tasksEn, { tasksActivityEn } from './tasks.en';
import reportsEn from './reports.en';
import installationsEn, { installationsActivityEn } from './installations.en';
import formEn from './form.en';
import moneyEn from './money.en';
import historyEn from './history.en';
import importsEn from './imports.en';
import phoneEn from './phone.en';

/** English messages; the shape every other locale must match (see el.ts). */
const en = {
  app: {
    name: 'BellSystems CRM',
    starting: 'Starting…',
    versionConflict:
      'Someone else changed this record while you were editing it; the page now shows their version. OK: apply your changes on top of it. Cancel: keep their version and discard yours.',
  },
  nav: {
    label: 'Main',
    skipToContent: 'Skip to content',
    customers: 'Customers',
    orders: 'Orders',
    quotes: 'Quotations',
    products: 'Products',
    inbox: 'Inbox',
    service: 'Service',
    more: 'More',
    settings: 'Settings',
  },
  menu: {
    darkTheme: 'Dark theme',
    language: 'Language',
    english: 'English (EN)',
    greek: 'Ελληνικά (ΕΛ)',
    signOut: 'Sign out',
  },
  roles: {
    viewer: 'Viewer',
    editor: 'Editor',
    admin: 'Administrator',
    none: 'No role',
  },
  noRoleNotice: 'Your account has no role yet, so it cannot see any data. Ask an administrator to give you one.',
  signIn: {
    title: 'Sign in',
    subtitle: 'Staff access to the BellSystems CRM',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    emailRequired: 'Enter your email address.',
    emailInvalid: 'Enter a valid email address, like name{\'@\'}example.com.',
    passwordRequired: 'Enter your password.',
    passwordTooShort: 'The password has at least {min} characters.',
    profileFailed: 'Signed in, but your profile could not be loaded: {message}',
    configFailed: 'The sign-in service could not be reached: {message}',
    errors: {
      'invalid-credentials': 'Wrong email or password.',
      'wrong-current-password': 'The current password is wrong.',
      'user-disabled': 'This account is disabled. Ask an administrator.',
      'too-many-requests': 'Too many attempts. Wait a moment and try again.',
      network: 'Could not reach the sign-in service. Check your connection.',
      unknown: 'Sign-in failed. Try again.',
    },
  },
  state: {
    loading: 'Loading…',
    loadingMore: 'Loading more…',
    retry: 'Try again',
    loadMore: 'Load more',
    networkError: 'Could not reach the server. Check your connection and try again.',
  },
  common: {
    yes: 'Yes',
    no: 'No',
    cancel: 'Cancel',
    confirm: 'Confirm',
    close: 'Close',
  },
  ...customersEn,
  ...commsEn,
  ...ordersEn,
  ...staffEn,
  ...accountsEn,
  ...whatsappEn,
  ...mailEn,
  ...callsEn,
  ...quotesEn,
  ...journalEn,
  ...tasksEn,
  ...reportsEn,
  ...installationsEn,
  ...formEn,
  ...moneyEn,
  ...historyEn,
  ...importsEn,
  ...phoneEn,
  /**
   * Titles of domain events on the timeline (`ref.event`, see functions/src/timeline/timeline-source.ts),
   * with the event's props as named parameters. Each domain spreads its own in here.
   */
  activity: { ...quotesActivityEn, ...tasksActivityEn, ...installationsActivityEn } as Record<string, string>,
  settings: {
    title: 'Settings',
    profile: 'Your profile',
    name: 'Name',
    email: 'Email',
    role: 'Role',
    roleHelp: 'Roles are managed by administrators.',
    users: 'Users',
    usersEmpty: 'No users.',
    account: 'Account',
    disabled: 'Disabled',
    active: 'Active',
    you: '(you)',
    roleFor: 'Role for {user}',
    confirmTitle: 'Change role',
    confirmText: 'Give {user} the role “{role}”?',
    roleSaved: '{user} is now {role}.',
  },
  status: {
    relationship: {
      lead: 'Lead',
      prospect: 'Prospect',
      active: 'Active',
      inactive: 'Inactive',
      churned: 'Churned',
    },
    order: {
      negotiating: 'Negotiating',
      awaiting_quotation: 'Awaiting Quotation',
      awaiting_customer_confirmation: 'Awaiting Customer Confirmation',
      awaiting_fulfilment: 'Awaiting Fulfilment',
      awaiting_payment: 'Awaiting Payment',
      manufacturing: 'Manufacturing',
      shipped: 'Shipped',
      installed: 'Installed',
      declined: 'Declined',
      complete: 'Complete',
    },
    flag: {
      issue: 'Active technical issue',
      support: 'Active install support',
      resolved: 'Resolved',
    },
  },
  notFound: {
    title: 'Page not found',
    text: 'There is no page at this address.',
    back: 'Go to customers',
  },
};

export type Messages = typeof en;
export default en;
