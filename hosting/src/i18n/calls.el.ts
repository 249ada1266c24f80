import type callsEn from './calls.en';

/** Ελληνικά μηνύματα των κλήσεων (βλ. calls.en.ts). */
const callsEl: typeof callsEn = {
  calls: {
    missedTitle: 'Αναπάντητες κλήσεις',
    missedIntro: 'Κλήσεις που δεν απαντήθηκαν, μέχρι να καλέσει κάποιος πίσω ή να σημειωθούν ως ολοκληρωμένες.',
    missedEmpty: 'Δεν υπάρχουν αναπάντητες κλήσεις σε αναμονή.',
    from: 'Από {number}',
    withheld: 'Απόκρυψη αριθμού',
    rang: 'Χτύπησε: {extensions}',
    markDone: 'Έγινε',
    markDoneLabel: 'Σημείωση της αναπάντητης από {number} ως ολοκληρωμένης',
    markedDone: 'Σημειώθηκε ως ολοκληρωμένη.',
    openCustomer: 'Άνοιγμα πελάτη',
    unassigned: 'Κανένας πελάτης με αυτόν τον αριθμό',
    dispositions: {
      answered: 'Απαντήθηκε',
      missed: 'Αναπάντητη',
      busy: 'Κατειλημμένο',
      failed: 'Απέτυχε',
      voicemail: 'Τηλεφωνητής',
    },
    call: 'Κλήση',
    callLabel: 'Κλήση στο {number} από το εσωτερικό σας',
    calling: 'Το τηλέφωνό σας (εσωτ. {extension}) θα χτυπήσει· σηκώστε το για να συνδεθείτε με το {number}.',
    needExtension: 'Ορίστε το εσωτερικό σας στις Ρυθμίσεις για να καλείτε από το CRM.',
    settingsTitle: 'Τηλέφωνο',
    extension: 'Το εσωτερικό σας',
    extensionHelp: 'Το εσωτερικό FreePBX του τηλεφώνου σας· το κουμπί Κλήση το καλεί πρώτα.',
    extensionSave: 'Αποθήκευση',
    extensionSaved: 'Το εσωτερικό αποθηκεύτηκε.',
    extensionInvalid: 'Γράψτε 2 έως 8 ψηφία ή αφήστε το κενό.',
    bridgeTitle: 'Σύνδεση με το τηλεφωνικό κέντρο',
    bridgeNone: 'Καμία γέφυρα AMI δεν έχει αναφέρει ακόμη.',
    bridgeConnected: 'Συνδεδεμένο με το τηλεφωνικό κέντρο',
    bridgeDisconnected: 'Χωρίς σύνδεση με το τηλεφωνικό κέντρο',
    bridgeSeen: 'Τελευταία αναφορά: {time}',
    bridgeLastEvent: 'Τελευταίο συμβάν: {time}',
    bridgeOutbox: 'Κλήσεις σε αναμονή αποστολής: {n}',
    never: 'ποτέ',
    row: {
      from: 'Από {number}',
      to: 'Προς {number}',
      answeredBy: 'Απάντησε: {who}',
      placedBy: 'Κλήση από: {who}',
      person: '{name} (εσωτ. {extension})',
      extension: 'εσωτ. {extension}',
      talk: 'Ομιλία',
    },
  },
};

export default callsEl;
