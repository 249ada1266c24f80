import type { CustomerPlan } from './demo-plan.js';

/**
 * Thirty BellSystems customers — parishes, municipalities and dealers — and their stories:
 * orders through every stage of the pipeline, payments, invoices, refunds and credits, and
 * support tickets, some open and some resolved. Names, places and numbers are invented.
 */

const parishDiscount = { type: 'percentage', value: 10, reason: 'Έκπτωση ενορίας' } as const;
const dealerDiscount = { type: 'percentage', value: 20, reason: 'Έκπτωση μεταπωλητή' } as const;

const greece = (city: string, region: string) => ({ city, region, country: 'Ελλάδα' });

export const demoCustomers: CustomerPlan[] = [
  // ── Parishes ────────────────────────────────────────────────────────────────────────────
  {
    day: 400,
    body: {
      name: 'Στέλιος Μπίμπης',
      title: 'π.',
      organization: 'Ενορία Αγ. Παρασκευής',
      religion: 'Ορθόδοξος',
      contacts: [
        { type: 'phone', label: 'κινητό', value: '+30 697 123 4567', primary: true },
        { type: 'email', label: 'ενορία', value: 'enoria.agparaskevis@example.com', primary: true },
        { type: 'phone', label: 'γραφείο ναού', value: '210 600 1234' },
      ],
      location: greece('Αγία Παρασκευή', 'Αττική'),
      tags: ['ενορία', 'καμπαναριό', 'Αττική'],
      notes: [{ text: 'Προτιμά επικοινωνία μετά τον εσπερινό. Ο επίτροπος κ. Λάμπρου έχει τα κλειδιά του καμπαναριού.' }],
      owned_items: [{ type: 'product', product_name: 'Vesper Plus', quantity: 1, serial_numbers: ['VSP-24-0117'] }],
      nextcloud_folder: '05_Customers/Enoria_Agias_Paraskevis',
      relationship_status: 'prospect',
    },
    orders: [
      {
        title: 'Vesper Plus και 2 κρουστήρες — Αγ. Παρασκευή',
        day: 380,
        items: [
          { sku: 'VSP-PLUS', quantity: 1, serials: ['VSP-24-0117'] },
          { sku: 'EMS-200', quantity: 2 },
          { sku: 'SRV-VISIT', quantity: 1 },
        ],
        discount: parishDiscount,
        statuses: [
          ['awaiting_quotation', 378],
          ['awaiting_customer_confirmation', 372],
          ['awaiting_fulfilment', 362],
          ['manufacturing', 355],
          ['shipped', 331],
          ['installed', 326],
          ['complete', 300],
        ],
        timeline: [['quote_sent', 'Προσφορά με email, ισχύς 30 ημέρες', 372]],
        ledger: [
          { day: 362, flow: 'invoice', amount: { share: 1 }, invoice: 'ΤΔΑ 1021' },
          { day: 360, flow: 'payment', amount: { share: 0.3 }, type: 'bank_transfer', category: 'advance', note: 'Προκαταβολή 30%' },
          { day: 300, flow: 'payment', amount: 'rest', type: 'bank_transfer', category: 'installment', note: 'Εξόφληση' },
        ],
      },
      {
        title: 'Ρολόι στο καμπαναριό',
        day: 20,
        init: { note: 'Ζήτησε πιο οικονομική προσφορά' },
      },
    ],
    tickets: [
      {
        kind: 'technical_issues',
        day: 120,
        note: 'Ο κρουστήρας της μεγάλης καμπάνας χτυπά με καθυστέρηση',
        resolvedDay: 112,
      },
    ],
  },
  {
    day: 90,
    body: {
      name: 'Γεώργιος Αντωνίου',
      title: 'π.',
      organization: 'Ι.Ν. Αγίου Νικολάου Πειραιώς',
      contacts: [
        { type: 'phone', label: 'κινητό', value: '6944 218 305', primary: true },
        { type: 'email', label: 'γραμματεία', value: 'agiosnikolaos.peiraia@example.com', primary: true },
      ],
      location: greece('Πειραιάς', 'Αττική'),
      tags: ['ενορία', 'Αττική', 'μεγάλο έργο'],
      relationship_status: 'active',
    },
    orders: [
      {
        title: 'Campana Pro με 3 βαριούς κρουστήρες',
        day: 70,
        items: [
          { sku: 'CMP-PRO', quantity: 1 },
          { sku: 'EMS-400', quantity: 3 },
          { sku: 'GPS-MOD', quantity: 1 },
        ],
        discount: parishDiscount,
        statuses: [
          ['awaiting_quotation', 66],
          ['awaiting_customer_confirmation', 60],
          ['awaiting_fulfilment', 50],
          ['manufacturing', 40],
        ],
        advance: { share: 0.4, day: 50 },
        ledger: [
          { day: 50, flow: 'invoice', amount: { share: 0.4 }, invoice: 'ΤΔΑ 1102', note: 'Τιμολόγιο προκαταβολής' },
          { day: 48, flow: 'payment', amount: { share: 0.4 }, type: 'bank_transfer', category: 'advance' },
        ],
      },
    ],
  },
  {
    day: 110,
    body: {
      name: 'Δημήτριος Καραγιάννης',
      title: 'π.',
      organization: 'Ι.Ν. Αγίου Δημητρίου Θεσσαλονίκης',
      contacts: [
        { type: 'phone', label: 'κινητό', value: '6977 540 112', primary: true },
        { type: 'whatsapp', label: 'WhatsApp', value: '+30 697 754 0112' },
        { type: 'email', label: 'ναός', value: 'agios.dimitrios.thess@example.com', primary: true },
      ],
      location: greece('Θεσσαλονίκη', 'Κεντρική Μακεδονία'),
      tags: ['ενορία', 'Μακεδονία'],
      relationship_status: 'active',
    },
    orders: [
      {
        title: 'Vesper Plus και 4 κρουστήρες',
        day: 95,
        items: [
          { sku: 'VSP-PLUS', quantity: 1 },
          { sku: 'EMS-200', quantity: 4 },
        ],
        discount: parishDiscount,
        statuses: [
          ['awaiting_quotation', 93],
          ['awaiting_customer_confirmation', 88],
          ['awaiting_fulfilment', 82],
          ['manufacturing', 70],
          ['shipped', 12],
        ],
        advance: { share: 0.3, day: 82 },
        ledger: [
          { day: 82, flow: 'invoice', amount: { share: 1 }, invoice: 'ΤΔΑ 1087' },
          { day: 80, flow: 'payment', amount: { share: 0.3 }, type: 'bank_transfer', category: 'advance' },
        ],
      },
    ],
    tickets: [
      { kind: 'install_support', day: 10, note: 'Οδηγίες για τον προγραμματισμό των εορτών του Αγίου', resolvedDay: 8 },
    ],
  },
  {
    day: 15,
    body: {
      name: 'Νικόλαος Παπαδόπουλος',
      title: 'π.',
      organization: 'Ι.Ν. Κοιμήσεως της Θεοτόκου',
      contacts: [{ type: 'phone', label: 'κινητό', value: '6932 118 904', primary: true }],
      location: greece('Καλαμάτα', 'Πελοπόννησος'),
      tags: ['ενορία', 'Πελοπόννησος'],
      relationship_status: 'prospect',
    },
    orders: [
      {
        title: 'Αυτοματισμός 3 καμπανών',
        day: 9,
        init: { note: 'Επικοινωνία από το εκκλησιαστικό συμβούλιο· θέλουν επίσκεψη για μέτρηση' },
      },
    ],
  },
  {
    day: 25,
    body: {
      name: 'Ιωάννης Μαυρίδης',
      title: 'π.',
      organization: 'Ι.Ν. Αγίας Σοφίας',
      contacts: [{ type: 'email', label: '', value: 'agia.sofia.ioannina@example.com', primary: true }],
      location: greece('Ιωάννινα', 'Ήπειρος'),
      tags: ['ενορία', 'Ήπειρος'],
      notes: [{ text: 'Ζήτησε τιμοκατάλογο μέσω email· να του σταλεί και το φυλλάδιο του Vesper Mini.' }],
    },
  },
  {
    day: 45,
    body: {
      name: 'Αθανάσιος Κωνσταντίνου',
      title: 'π.',
      organization: 'Ι.Ν. Αγίου Αθανασίου',
      contacts: [
        { type: 'phone', label: 'κινητό', value: '6981 402 776', primary: true },
        { type: 'phone', label: 'ναός', value: '2410 231 455' },
      ],
      location: greece('Λάρισα', 'Θεσσαλία'),
      tags: ['ενορία', 'Θεσσαλία', 'αναβάθμιση'],
    },
    orders: [
      {
        title: 'Αντικατάσταση παλιού ελεγκτή Vesper',
        day: 30,
        init: { note: 'Ο παλιός Vesper 1ης γενιάς δεν ανταποκρίνεται μετά από διακοπή ρεύματος' },
        itemsDay: 26,
        items: [
          { sku: 'VSP-MINI', quantity: 1 },
          { sku: 'EMS-200', quantity: 2 },
          { sku: 'SRV-VISIT', quantity: 1 },
        ],
        discount: parishDiscount,
        statuses: [['awaiting_quotation', 25]],
      },
    ],
  },
  {
    day: 280,
    body: {
      name: 'Σπυρίδων Βλάχος',
      title: 'π.',
      organization: 'Ι.Ν. Αγίου Σπυρίδωνος',
      contacts: [
        { type: 'phone', label: 'κινητό', value: '6945 300 218', primary: true },
        { type: 'email', label: '', value: 'agiosspyridon.kerkyra@example.com', primary: true },
      ],
      location: greece('Κέρκυρα', 'Ιόνια Νησιά'),
      tags: ['ενορία', 'ρολόι', 'συντήρηση', 'Ιόνιο'],
      owned_items: [{ type: 'console_device', device_id: 'BS-CRF-0042', label: 'Ελεγκτής καμπαναριού' }],
      relationship_status: 'active',
    },
    orders: [
      {
        title: 'Ρολόι καμπαναριού με εξωτερικό καντράν',
        day: 260,
        items: [
          { sku: 'TCL-1', quantity: 1 },
          { sku: 'DIAL-80', quantity: 1 },
        ],
        discount: parishDiscount,
        statuses: [
          ['awaiting_quotation', 258],
          ['awaiting_customer_confirmation', 252],
          ['awaiting_fulfilment', 245],
          ['manufacturing', 240],
          ['shipped', 215],
          ['installed', 210],
          ['complete', 200],
        ],
        ledger: [
          { day: 206, flow: 'invoice', amount: { share: 1 }, invoice: 'ΤΔΑ 1049' },
          { day: 205, flow: 'payment', amount: 'rest', type: 'card', category: 'full_payment' },
        ],
      },
      {
        title: 'Ετήσια συντήρηση 2026',
        day: 40,
        items: [{ sku: 'SRV-ANNUAL', quantity: 1 }],
        statuses: [
          ['awaiting_fulfilment', 39],
          ['installed', 36],
          ['complete', 35],
        ],
        ledger: [
          { day: 36, flow: 'invoice', amount: { share: 1 }, invoice: 'ΤΠΥ 0311' },
          { day: 35, flow: 'payment', amount: 'rest', type: 'cash', category: 'full_payment' },
        ],
      },
    ],
    tickets: [{ kind: 'install_support', day: 6, note: 'Ρύθμιση ωραρίου κωδωνοκρουσιών για τη Μεγάλη Εβδομάδα' }],
  },
  {
    day: 35,
    body: {
      name: 'Χαράλαμπος Ζαχαρίου',
      title: 'π.',
      organization: 'Ι.Ν. Αγίου Χαραλάμπους',
      contacts: [
        { type: 'phone', label: 'κινητό', value: '6972 665 013', primary: true },
        { type: 'whatsapp', label: 'WhatsApp', value: '6972 665 013' },
      ],
      location: greece('Χανιά', 'Κρήτη'),
      tags: ['ενορία', 'Κρήτη', 'ταλάντωση'],
      relationship_status: 'active',
    },
    orders: [
      {
        title: 'Ηλεκτρονική ταλάντωση 2 καμπανών',
        day: 21,
        items: [
          { sku: 'VSP-PLUS', quantity: 1 },
          { sku: 'SWG-M1', quantity: 2 },
        ],
        discount: parishDiscount,
        statuses: [
          ['awaiting_quotation', 18],
          ['awaiting_customer_confirmation', 11],
        ],
        timeline: [['quote_sent', 'Προσφορά με εγκατάσταση, παράδοση σε 6 εβδομάδες', 11]],
      },
    ],
  },
  {
    day: 430,
    body: {
      name: 'Παναγιώτης Λιάκος',
      title: 'π.',
      organization: 'Ι.Ν. Ευαγγελιστρίας',
      contacts: [{ type: 'phone', label: 'ναός', value: '22830 22 301', primary: true }],
      location: greece('Τήνος', 'Νότιο Αιγαίο'),
      tags: ['ενορία', 'Κυκλάδες'],
      relationship_status: 'active',
    },
    relationship: [['inactive', 100]],
    orders: [
      {
        title: 'Vesper Mini για το παρεκκλήσι',
        day: 420,
        items: [
          { sku: 'VSP-MINI', quantity: 1 },
          { sku: 'EMS-200', quantity: 2 },
        ],
        statuses: [
          ['awaiting_fulfilment', 415],
          ['manufacturing', 410],
          ['shipped', 395],
          ['installed', 390],
          ['complete', 380],
        ],
        ledger: [
          { day: 415, flow: 'invoice', amount: { share: 1 }, invoice: 'ΤΔΑ 0987' },
          { day: 414, flow: 'payment', amount: { share: 0.5 }, type: 'bank_transfer', category: 'advance' },
          { day: 381, flow: 'payment', amount: 'rest', type: 'cash', category: 'installment' },
        ],
      },
    ],
  },
  {
    day: 75,
    body: {
      name: 'Κωνσταντίνος Δήμου',
      title: 'π.',
      organization: 'Ι.Ν. Αγίων Κωνσταντίνου και Ελένης',
      contacts: [{ type: 'phone', label: 'κινητό', value: '6948 773 120', primary: true }],
      location: greece('Βόλος', 'Θεσσαλία'),
      tags: ['ενορία', 'Θεσσαλία'],
      relationship_status: 'prospect',
    },
    orders: [
      {
        title: 'Campana Pro για τον νέο ναό',
        day: 60,
        init: { note: 'Ενδιαφέρον μετά την έκθεση στη Θεσσαλονίκη' },
        itemsDay: 57,
        items: [
          { sku: 'CMP-PRO', quantity: 1 },
          { sku: 'EMS-400', quantity: 2 },
        ],
        statuses: [
          ['awaiting_quotation', 56],
          ['awaiting_customer_confirmation', 50],
          ['declined', 38],
        ],
        timeline: [['note', 'Η ενορία επέλεξε φθηνότερη λύση άλλου προμηθευτή', 38]],
      },
    ],
  },
  {
    day: 170,
    body: {
      name: 'Μιχαήλ Σταθόπουλος',
      title: 'π.',
      organization: 'Ι.Ν. Παμμεγίστων Ταξιαρχών',
      contacts: [
        { type: 'phone', label: 'κινητό', value: '6936 502 447', primary: true },
        { type: 'email', label: '', value: 'taxiarches.patra@example.com', primary: true },
      ],
      location: greece('Πάτρα', 'Δυτική Ελλάδα'),
      tags: ['ενορία', 'Πελοπόννησος'],
      relationship_status: 'active',
    },
    orders: [
      {
        title: 'Πλήρες σύστημα καμπανών Ταξιαρχών',
        day: 150,
        items: [
          { sku: 'VSP-PLUS', quantity: 1 },
          { sku: 'EMS-200', quantity: 3 },
          { sku: 'SRV-VISIT', quantity: 1 },
        ],
        discount: parishDiscount,
        statuses: [
          ['awaiting_quotation', 148],
          ['awaiting_customer_confirmation', 140],
          ['awaiting_fulfilment', 122],
          ['manufacturing', 110],
          ['shipped', 35],
          ['installed', 30],
          ['awaiting_payment', 28],
        ],
        timeline: [['invoice_sent', 'Το τιμολόγιο στάλθηκε με email στον ταμία', 28]],
        ledger: [
          { day: 120, flow: 'payment', amount: { share: 0.3 }, type: 'bank_transfer', category: 'advance' },
          { day: 28, flow: 'invoice', amount: { share: 1 }, invoice: 'ΤΔΑ 1121' },
        ],
      },
    ],
  },
  {
    day: 50,
    body: {
      name: 'Ελένη Ρήγα',
      organization: 'Ι.Ν. Αγίας Μαρίνας',
      contacts: [
        { type: 'phone', label: 'κινητό', value: '6951 227 804', primary: true },
        { type: 'email', label: '', value: 'eleni.riga@example.com', primary: true },
      ],
      location: greece('Ηράκλειο', 'Κρήτη'),
      tags: ['ενορία', 'Κρήτη'],
      notes: [{ text: 'Επίτροπος του ναού. Θα φέρει το θέμα στο συμβούλιο τον επόμενο μήνα.' }],
      relationship_status: 'prospect',
    },
  },
  {
    day: 130,
    body: {
      name: 'Andreas Georgiou',
      title: 'Fr',
      organization: 'Greek Orthodox Church of Saint Andrew',
      language: 'en',
      contacts: [
        { type: 'phone', label: 'office', value: '+44 20 7946 0321', primary: true },
        { type: 'email', label: 'office', value: 'office@standrew-church.example.com', primary: true },
      ],
      location: { city: 'London', region: 'England', country: 'United Kingdom' },
      tags: ['ενορία', 'εξωτερικό'],
      relationship_status: 'active',
    },
    orders: [
      {
        title: 'Vesper Plus and two strikers, London',
        day: 110,
        currency: 'GBP',
        items: [
          { sku: 'VSP-PLUS', quantity: 1, price: 1260 },
          { sku: 'EMS-200', quantity: 2, price: 240 },
          { description: 'Shipping and installation visit, London', quantity: 1, price: 480 },
        ],
        statuses: [
          ['awaiting_fulfilment', 92],
          ['manufacturing', 80],
          ['shipped', 20],
          ['installed', 8],
        ],
        ledger: [
          { day: 90, flow: 'invoice', amount: { share: 1 }, invoice: 'INV-UK-0007' },
          { day: 88, flow: 'payment', amount: { share: 0.5 }, type: 'card', category: 'advance' },
          { day: 7, flow: 'payment', amount: 'rest', type: 'bank_transfer', category: 'installment' },
        ],
      },
    ],
  },

  // ── Municipalities ──────────────────────────────────────────────────────────────────────
  {
    day: 100,
    body: {
      name: 'Κώστας Αλεξίου',
      title: 'Αντιδήμαρχος',
      organization: 'Δήμος Ναυπλιέων',
      contacts: [
        { type: 'phone', label: 'γραφείο', value: '27520 24 100', primary: true },
        { type: 'email', label: 'τεχνική υπηρεσία', value: 'techniki.ypiresia@nafplio.example.com', primary: true },
      ],
      location: greece('Ναύπλιο', 'Πελοπόννησος'),
      tags: ['δήμος', 'ρολόι', 'δημόσιο έργο'],
      relationship_status: 'active',
    },
    orders: [
      {
        title: 'Αποκατάσταση ρολογιού Δημαρχείου',
        day: 85,
        items: [
          { sku: 'TCL-1', quantity: 1 },
          { sku: 'DIAL-80', quantity: 2 },
          { sku: 'SRV-VISIT', quantity: 2 },
        ],
        discount: { type: 'fixed', value: 200, reason: 'Δημόσιος διαγωνισμός' },
        statuses: [
          ['awaiting_quotation', 84],
          ['awaiting_customer_confirmation', 70],
          ['awaiting_fulfilment', 32],
          ['manufacturing', 15],
        ],
        advance: { share: 0.5, day: 32 },
        ledger: [
          { day: 31, flow: 'invoice', amount: { share: 0.5 }, invoice: 'ΤΔΑ 1131', note: 'Τιμολόγιο προκαταβολής' },
          { day: 30, flow: 'payment', amount: { share: 0.5 }, type: 'bank_transfer', category: 'advance' },
        ],
      },
    ],
    tickets: [{ kind: 'install_support', day: 4, note: 'Προγραμματισμός ωριαίων κτύπων για τις εκδηλώσεις του Ιουνίου' }],
  },
  {
    day: 220,
    body: {
      name: 'Μαρία Σωτηρίου',
      organization: 'Δήμος Καλαμάτας',
      contacts: [
        { type: 'phone', label: 'γραφείο', value: '27210 99 200', primary: true },
        { type: 'email', label: '', value: 'm.sotiriou@kalamata.example.com', primary: true },
      ],
      location: greece('Καλαμάτα', 'Πελοπόννησος'),
      tags: ['δήμος', 'ρολόι'],
      relationship_status: 'active',
    },
    orders: [
      {
        title: 'Ρολόι κεντρικής πλατείας',
        day: 200,
        items: [
          { sku: 'TCL-1', quantity: 1 },
          { sku: 'DIAL-80', quantity: 1 },
          { sku: 'SRV-VISIT', quantity: 1 },
        ],
        statuses: [
          ['awaiting_quotation', 198],
          ['awaiting_customer_confirmation', 190],
          ['awaiting_fulfilment', 182],
          ['manufacturing', 170],
          ['shipped', 50],
          ['installed', 45],
        ],
        ledger: [
          { day: 182, flow: 'invoice', amount: { share: 1 }, invoice: 'ΤΔΑ 1063' },
          { day: 180, flow: 'payment', amount: { share: 0.34 }, type: 'bank_transfer', category: 'installment' },
          { day: 120, flow: 'payment', amount: { share: 0.33 }, type: 'bank_transfer', category: 'installment' },
          { day: 44, flow: 'payment', amount: 'rest', type: 'bank_transfer', category: 'installment' },
        ],
      },
    ],
    tickets: [{ kind: 'technical_issues', day: 14, note: 'Το ρολόι πάει 2 λεπτά μπροστά μετά την αλλαγή ώρας' }],
  },
  {
    day: 10,
    body: {
      name: 'Γιάννης Τσιρίγος',
      organization: 'Δήμος Χαλκιδέων',
      contacts: [{ type: 'phone', label: 'γραφείο', value: '22210 35 610', primary: true }],
      location: greece('Χαλκίδα', 'Στερεά Ελλάδα'),
      tags: ['δήμος'],
      relationship_status: 'prospect',
    },
    orders: [
      {
        title: 'Καμπάνες Ι.Ν. Αγίου Νικολάου (δημοτικό έργο)',
        day: 4,
        init: { note: 'Πρόσκληση υποβολής προσφοράς έως το τέλος του μήνα' },
      },
    ],
  },
  {
    day: 60,
    body: {
      name: 'Αικατερίνη Μπούρα',
      organization: 'Δήμος Ρεθύμνης',
      contacts: [
        { type: 'phone', label: 'γραφείο', value: '28310 40 000', primary: true },
        { type: 'email', label: '', value: 'a.boura@rethymno.example.com', primary: true },
      ],
      location: greece('Ρέθυμνο', 'Κρήτη'),
      tags: ['δήμος', 'Κρήτη', 'μεγάλο έργο'],
      relationship_status: 'active',
    },
    orders: [
      {
        title: 'Σύστημα καμπανών Μητροπολιτικού Ναού',
        day: 45,
        items: [
          { sku: 'CMP-PRO', quantity: 1 },
          { sku: 'SWG-M1', quantity: 3 },
          { sku: 'EMS-400', quantity: 2 },
        ],
        statuses: [
          ['awaiting_quotation', 44],
          ['awaiting_customer_confirmation', 30],
          ['awaiting_fulfilment', 20],
        ],
        advance: { share: 0.3, day: 20 },
        ledger: [{ day: 18, flow: 'payment', amount: { share: 0.3 }, type: 'bank_transfer', category: 'advance' }],
      },
    ],
  },
  {
    day: 410,
    body: {
      name: 'Θανάσης Ρούσσος',
      organization: 'Δήμος Τρικκαίων',
      contacts: [{ type: 'phone', label: 'γραφείο', value: '24310 63 100', primary: true }],
      location: greece('Τρίκαλα', 'Θεσσαλία'),
      tags: ['δήμος', 'Θεσσαλία'],
      relationship_status: 'active',
    },
    relationship: [['churned', 150]],
    orders: [
      {
        title: 'Καμπάνες Δημοτικού Κοιμητηρίου',
        day: 390,
        items: [
          { sku: 'VSP-MINI', quantity: 1 },
          { sku: 'EMS-200', quantity: 2 },
          { sku: 'SRV-VISIT', quantity: 1 },
        ],
        statuses: [
          ['awaiting_fulfilment', 385],
          ['manufacturing', 375],
          ['shipped', 352],
          ['installed', 348],
          ['complete', 340],
        ],
        reduceRequired: { by: 120, day: 330 },
        ledger: [
          { day: 346, flow: 'invoice', amount: { share: 1 }, invoice: 'ΤΔΑ 1009' },
          { day: 345, flow: 'payment', amount: 'rest', type: 'bank_transfer', category: 'full_payment' },
          { day: 330, flow: 'refund', amount: 120, type: 'bank_transfer', note: 'Η εγκατάσταση έγινε από τα συνεργεία του δήμου' },
        ],
      },
    ],
  },
  {
    day: 20,
    body: {
      name: 'Σοφία Καλλέργη',
      organization: 'Δήμος Σύρου-Ερμούπολης',
      contacts: [{ type: 'email', label: '', value: 's.kallergi@syros.example.com', primary: true }],
      location: greece('Ερμούπολη', 'Νότιο Αιγαίο'),
      tags: ['δήμος', 'Κυκλάδες', 'ρολόι'],
      notes: [{ text: 'Ρώτησε για αποκατάσταση του ρολογιού του Δημαρχείου Ερμούπολης.' }],
    },
  },
  {
    day: 70,
    body: {
      name: 'Βασίλης Νταής',
      organization: 'Δήμος Ξάνθης',
      contacts: [{ type: 'phone', label: 'γραφείο', value: '25410 22 330', primary: true }],
      location: greece('Ξάνθη', 'Ανατολική Μακεδονία και Θράκη'),
      tags: ['δήμος', 'ρολόι'],
      relationship_status: 'active',
    },
    orders: [
      {
        title: 'Δύο ρολόγια για την Παλιά Πόλη',
        day: 55,
        items: [
          { sku: 'DIAL-80', quantity: 2 },
          { sku: 'GPS-MOD', quantity: 1 },
        ],
        statuses: [
          ['awaiting_customer_confirmation', 52],
          ['awaiting_fulfilment', 42],
          ['manufacturing', 30],
          ['shipped', 3],
        ],
        ledger: [
          { day: 41, flow: 'invoice', amount: { share: 1 }, invoice: 'ΤΔΑ 1127' },
          { day: 40, flow: 'payment', amount: 'rest', type: 'bank_transfer', category: 'full_payment' },
        ],
      },
    ],
  },
  {
    day: 40,
    body: {
      name: 'Ευάγγελος Πάνου',
      organization: 'Δήμος Αρταίων',
      contacts: [
        { type: 'phone', label: 'γραφείο', value: '26810 78 500', primary: true },
        { type: 'phone', label: 'κινητό', value: '6973 114 209' },
      ],
      location: greece('Άρτα', 'Ήπειρος'),
      tags: ['δήμος', 'ρολόι', 'επισκευή'],
      relationship_status: 'active',
    },
    orders: [
      {
        title: 'Επισκευή ρολογιού μετά από κεραυνό',
        day: 25,
        items: [
          { sku: 'SRV-VISIT', quantity: 2 },
          { sku: 'RLY-8', quantity: 1 },
          { sku: 'HMR-SPR', quantity: 2 },
        ],
        statuses: [
          ['awaiting_fulfilment', 24],
          ['installed', 12],
          ['awaiting_payment', 10],
        ],
        ledger: [{ day: 10, flow: 'invoice', amount: { share: 1 }, invoice: 'ΤΠΥ 0342' }],
      },
    ],
    tickets: [
      { kind: 'technical_issues', day: 26, note: 'Σταμάτησε ο μηχανισμός του ρολογιού μετά από κεραυνό', resolvedDay: 12 },
      { kind: 'technical_issues', day: 2, note: 'Ο δείκτης των λεπτών κολλάει στο 45' },
    ],
  },

  // ── Dealers ─────────────────────────────────────────────────────────────────────────────
  {
    day: 320,
    body: {
      name: 'Μανώλης Παπαδάκης',
      organization: 'Ηλεκτρονικά Παπαδάκη Ο.Ε.',
      contacts: [
        { type: 'phone', label: 'κατάστημα', value: '2810 342 118', primary: true },
        { type: 'email', label: 'παραγγελίες', value: 'orders@papadakis-electronics.example.com', primary: true },
        { type: 'whatsapp', label: 'WhatsApp', value: '6944 881 230' },
      ],
      location: greece('Ηράκλειο', 'Κρήτη'),
      tags: ['μεταπωλητής', 'Κρήτη', 'VIP'],
      relationship_status: 'active',
    },
    orders: [
      {
        title: 'Απόθεμα ανταλλακτικών Β΄ τριμήνου',
        day: 300,
        items: [
          { sku: 'RLY-8', quantity: 10 },
          { sku: 'GPS-MOD', quantity: 5 },
          { sku: 'HMR-SPR', quantity: 10 },
        ],
        discount: dealerDiscount,
        statuses: [
          ['awaiting_fulfilment', 299],
          ['shipped', 290],
          ['complete', 270],
        ],
        ledger: [
          { day: 290, flow: 'invoice', amount: { share: 1 }, invoice: 'ΤΔΑ 1030' },
          { day: 271, flow: 'payment', amount: 'rest', type: 'bank_transfer', category: 'full_payment' },
          { day: 260, flow: 'credit', amount: 62.45, unlinked: true, note: 'Πίστωση για ελαττωματική πλακέτα ρελέ' },
        ],
      },
      {
        title: 'Vesper Mini ×3 για πελάτες Κρήτης',
        day: 35,
        items: [
          { sku: 'VSP-MINI', quantity: 3 },
          { sku: 'EMS-200', quantity: 6 },
        ],
        discount: dealerDiscount,
        statuses: [
          ['awaiting_fulfilment', 33],
          ['manufacturing', 25],
          ['shipped', 5],
        ],
        ledger: [
          { day: 6, flow: 'invoice', amount: { share: 1 }, invoice: 'ΤΔΑ 1149' },
          { day: 5, flow: 'payment', amount: { share: 0.5 }, type: 'bank_transfer', category: 'installment' },
        ],
      },
    ],
  },
  {
    day: 260,
    body: {
      name: 'Στάθης Ιορδανίδης',
      organization: 'Καμπαναρία Βορείου Ελλάδος',
      contacts: [
        { type: 'phone', label: 'γραφείο', value: '23510 27 640', primary: true },
        { type: 'email', label: '', value: 'info@kampanaria-vorras.example.com', primary: true },
      ],
      location: greece('Κατερίνη', 'Κεντρική Μακεδονία'),
      tags: ['μεταπωλητής', 'Μακεδονία'],
      relationship_status: 'active',
    },
    orders: [
      {
        title: 'Τέσσερα συστήματα Vesper Plus για μοναστήρια',
        day: 240,
        items: [
          { sku: 'VSP-PLUS', quantity: 4 },
          { sku: 'EMS-400', quantity: 8 },
        ],
        discount: dealerDiscount,
        statuses: [
          ['awaiting_fulfilment', 232],
          ['manufacturing', 225],
          ['shipped', 175],
          ['complete', 150],
        ],
        ledger: [
          { day: 232, flow: 'invoice', amount: { share: 1 }, invoice: 'ΤΔΑ 1052' },
          { day: 230, flow: 'payment', amount: { share: 0.3 }, type: 'bank_transfer', category: 'advance' },
          { day: 190, flow: 'payment', amount: { share: 0.35 }, type: 'bank_transfer', category: 'installment' },
          { day: 150, flow: 'payment', amount: 'rest', type: 'bank_transfer', category: 'installment' },
        ],
      },
    ],
  },
  {
    day: 30,
    body: {
      name: 'Λευτέρης Γαλάνης',
      organization: 'Hxos Systems',
      contacts: [
        { type: 'phone', label: 'γραφείο', value: '210 575 8830', primary: true },
        { type: 'email', label: '', value: 'lgalanis@hxos.example.com', primary: true },
      ],
      location: greece('Περιστέρι', 'Αττική'),
      tags: ['μεταπωλητής', 'Αττική'],
      relationship_status: 'active',
    },
    orders: [
      {
        title: 'Ανταλλακτικά για συνεργείο',
        day: 18,
        items: [
          { sku: 'GPS-MOD', quantity: 10 },
          { sku: 'RLY-8', quantity: 6 },
        ],
        discount: dealerDiscount,
        statuses: [
          ['awaiting_fulfilment', 17],
          ['shipped', 6],
        ],
        ledger: [
          { day: 17, flow: 'invoice', amount: { share: 1 }, invoice: 'ΤΔΑ 1144' },
          { day: 17, flow: 'payment', amount: 'rest', type: 'card', category: 'full_payment' },
        ],
      },
    ],
  },
  {
    day: 50,
    body: {
      name: 'Ανδρέας Χριστοδούλου',
      organization: 'Κυπριακή Καμπανοποιία Λτδ',
      contacts: [
        { type: 'phone', label: 'γραφείο', value: '+357 22 761 540', primary: true },
        { type: 'email', label: '', value: 'andreas@kampanopoiia.example.com', primary: true },
      ],
      location: { city: 'Λευκωσία', region: 'Λευκωσία', country: 'Κύπρος' },
      tags: ['μεταπωλητής', 'εξωτερικό'],
      relationship_status: 'active',
    },
    orders: [
      {
        title: 'Δύο Campana Pro με ταλάντωση',
        day: 35,
        items: [
          { sku: 'CMP-PRO', quantity: 2 },
          { sku: 'SWG-M1', quantity: 2 },
        ],
        discount: dealerDiscount,
        statuses: [
          ['awaiting_fulfilment', 22],
          ['manufacturing', 8],
        ],
        advance: { share: 0.5, day: 22 },
        ledger: [{ day: 20, flow: 'payment', amount: { share: 0.5 }, type: 'paypal', category: 'advance' }],
      },
    ],
  },
  {
    day: 500,
    body: {
      name: 'Γρηγόρης Μπαλτάς',
      organization: 'Τεχνική Ναών Ε.Π.Ε.',
      contacts: [{ type: 'phone', label: 'γραφείο', value: '2610 430 775', primary: true }],
      location: greece('Πάτρα', 'Δυτική Ελλάδα'),
      tags: ['μεταπωλητής'],
      notes: [{ text: 'Σταμάτησε τις παραγγελίες από το 2024· κρατάμε την επαφή για ανταλλακτικά.' }],
      relationship_status: 'inactive',
    },
  },
  {
    day: 28,
    body: {
      name: 'Άννα Τζιόλα',
      organization: 'Bell & Clock Μακεδονίας',
      contacts: [
        { type: 'phone', label: 'κινητό', value: '6946 330 512', primary: true },
        { type: 'email', label: '', value: 'anna@bellclock.example.com', primary: true },
      ],
      location: greece('Θεσσαλονίκη', 'Κεντρική Μακεδονία'),
      tags: ['μεταπωλητής', 'Μακεδονία'],
      relationship_status: 'prospect',
    },
    orders: [
      {
        title: 'Δείγματα για την έκθεση Θεσσαλονίκης',
        day: 13,
        init: { note: 'Θέλει δείγματα Vesper Mini και κρουστήρα για το περίπτερό της' },
        itemsDay: 12,
        items: [
          { sku: 'VSP-MINI', quantity: 1 },
          { sku: 'EMS-200', quantity: 1 },
        ],
        discount: dealerDiscount,
        statuses: [['awaiting_quotation', 11]],
      },
    ],
  },
  {
    day: 16,
    body: {
      name: 'Φώτης Χατζηνικολάου',
      organization: 'Δωδεκανησιακά Ηλεκτρολογικά',
      contacts: [{ type: 'phone', label: 'κατάστημα', value: '22410 25 904', primary: true }],
      location: greece('Ρόδος', 'Νότιο Αιγαίο'),
      tags: ['μεταπωλητής', 'Δωδεκάνησα'],
      relationship_status: 'active',
    },
    orders: [{ title: 'Συνεργασία για τα Δωδεκάνησα', day: 6, init: { note: 'Συζήτηση για αποκλειστικότητα στη Ρόδο και την Κω' } }],
  },
  {
    day: 450,
    body: {
      name: 'Τάσος Κουτσούκος',
      organization: 'Αφοί Κουτσούκου Α.Ε.',
      contacts: [{ type: 'phone', label: 'γραφείο', value: '22310 44 120', primary: true }],
      location: greece('Λαμία', 'Στερεά Ελλάδα'),
      tags: ['μεταπωλητής'],
      relationship_status: 'active',
    },
    relationship: [['churned', 410]],
    orders: [
      {
        title: 'Δύο Vesper Mini',
        day: 440,
        items: [{ sku: 'VSP-MINI', quantity: 2 }],
        discount: dealerDiscount,
        statuses: [
          ['awaiting_quotation', 438],
          ['awaiting_customer_confirmation', 432],
          ['declined', 420],
        ],
      },
    ],
  },
  {
    day: 5,
    body: {
      name: 'Ντίνος Μεταξάς',
      organization: 'Ιόνιο Tech',
      contacts: [
        { type: 'phone', label: 'κινητό', value: '6983 410 027', primary: true },
        { type: 'email', label: '', value: 'dinos@ionio-tech.example.com', primary: true },
      ],
      location: greece('Ζάκυνθος', 'Ιόνια Νησιά'),
      tags: ['μεταπωλητής', 'Ιόνιο'],
    },
    orders: [{ title: 'Πρώτη γνωριμία — κατάλογος και τιμές', day: 2, init: {} }],
  },
  {
    day: 140,
    body: {
      name: 'Ειρήνη Λαζαρίδου',
      organization: 'Ι.Μ. Αγίου Ιωάννου Θεολόγου',
      contacts: [{ type: 'phone', label: 'αρχονταρίκι', value: '22470 31 398', primary: true }],
      location: greece('Πάτμος', 'Νότιο Αιγαίο'),
      tags: ['μονή', 'Δωδεκάνησα'],
      relationship_status: 'active',
    },
    orders: [
      {
        title: 'Συντήρηση κρουστήρων μονής',
        day: 65,
        items: [
          { sku: 'SRV-VISIT', quantity: 1 },
          { sku: 'HMR-SPR', quantity: 4 },
        ],
        statuses: [
          ['awaiting_fulfilment', 64],
          ['installed', 58],
          ['complete', 57],
        ],
        ledger: [{ day: 58, flow: 'payment', amount: 'rest', type: 'cash', category: 'full_payment', note: 'Πληρωμή επί τόπου' }],
      },
    ],
  },
];
