import type { QuoteLanguage } from './quotes.enums.js';

/** Amounts and labels of the quote document, from integer cents (no float ever formats money). */

function grouped(cents: number, thousands: string, decimal: string): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  return `${sign}${whole}${decimal}${String(abs % 100).padStart(2, '0')}`;
}

/** Greek `1.250,00 €`; English `€1,250.00`. */
export function formatEuros(cents: number, language: QuoteLanguage): string {
  return language === 'el' ? `${grouped(cents, '.', ',')} €` : `€${grouped(cents, ',', '.')}`;
}

/** A percentage as the document shows it: `12,5%` in Greek. */
export function formatPercent(value: number, language: QuoteLanguage): string {
  const text = String(value);
  return `${language === 'el' ? text.replace('.', ',') : text}%`;
}

export const pdfLabels = {
  el: {
    title: 'ΠΡΟΣΦΟΡΑ',
    number: 'Αριθμός',
    revision: 'Αναθεώρηση',
    issued: 'Ημερομηνία',
    validUntil: 'Ισχύει έως',
    to: 'Προς',
    vatNumber: 'ΑΦΜ',
    taxOffice: 'ΔΟΥ',
    phone: 'Τηλ.',
    email: 'E-mail',
    no: 'Α/Α',
    description: 'Περιγραφή',
    quantity: 'Ποσ.',
    unitPrice: 'Τιμή μον.',
    discount: 'Έκπτ.',
    vat: 'ΦΠΑ',
    net: 'Αξία',
    vatRate: 'Συντελεστής ΦΠΑ',
    base: 'Καθαρή αξία',
    quoteDiscount: 'Έκπτωση επί του συνόλου',
    totalNet: 'Σύνολο καθαρής αξίας',
    totalVat: 'Σύνολο ΦΠΑ',
    total: 'Γενικό σύνολο',
    paymentTerms: 'Όροι πληρωμής',
    deliveryTime: 'Χρόνος παράδοσης',
    validity: (day: string) => `Η προσφορά ισχύει έως ${day}.`,
    page: (page: number, pages: number) => `Σελίδα ${page} από ${pages}`,
  },
  en: {
    title: 'QUOTATION',
    number: 'Number',
    revision: 'Revision',
    issued: 'Date',
    validUntil: 'Valid until',
    to: 'To',
    vatNumber: 'VAT no.',
    taxOffice: 'Tax office',
    phone: 'Tel.',
    email: 'E-mail',
    no: 'No.',
    description: 'Description',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    discount: 'Disc.',
    vat: 'VAT',
    net: 'Amount',
    vatRate: 'VAT rate',
    base: 'Net amount',
    quoteDiscount: 'Discount on the total',
    totalNet: 'Total net',
    totalVat: 'Total VAT',
    total: 'Total',
    paymentTerms: 'Payment terms',
    deliveryTime: 'Delivery time',
    validity: (day: string) => `This quotation is valid until ${day}.`,
    page: (page: number, pages: number) => `Page ${page} of ${pages}`,
  },
} as const;

/** The file name of a quote's PDF: `QUO-2026-014.pdf`, `QUO-2026-014-v2.pdf` from the second revision. */
export function quoteFileName(number: string, revision: number): string {
  return `${number}${revision > 1 ? `-v${revision}` : ''}.pdf`;
}
