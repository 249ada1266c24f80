import type { QuotePdfInput } from '../../functions/src/quotes/quote-pdf.js';
import type { QuoteLineDoc } from '../../functions/src/quotes/quotes.schema.js';
import { defaultQuoteSettings } from '../../functions/src/quotes/quotes.settings.js';
import { quoteMoney } from '../../functions/src/quotes/quote-totals.js';
import { vatRates } from '../../functions/src/quotes/quotes.enums.js';

/** A 60-line Greek quote with every VAT rate, long descriptions and a whole-quote discount. */
export function sixtyLineQuote(): QuotePdfInput {
  const inputs = Array.from({ length: 60 }, (_, i) => ({
    product_id: null,
    description: `Γραμμή ${i + 1}: ηλεκτρομηχανικός κρουστήρας χαλκού για καμπάνα Ø ${30 + i} εκ., με ελατήριο επαναφοράς, βάση στήριξης και εγγύηση πενταετίας`,
    quantity: (i % 5) + 1,
    unit_price_cents: 1234 + i * 997,
    discount_percent: i % 4 === 0 ? 12.5 : 0,
    vat_rate: vatRates[i % vatRates.length]!,
  }));
  const money = quoteMoney(inputs, 5);
  const lines: QuoteLineDoc[] = inputs.map((line, i) => ({ ...line, ...money.lines[i]! }));
  const now = new Date('2026-12-07T10:00:00Z');
  return {
    quote: {
      quote_id: 'bench',
      number: 'QUO-2026-014',
      revision: 2,
      state: 'draft',
      revision_of: null,
      superseded_by: null,
      order_id: null,
      language: 'el',
      issue_date: '2026-12-07',
      valid_until: '2027-01-06',
      payment_terms: 'Προκαταβολή 30% με την παραγγελία, υπόλοιπο με την παράδοση',
      delivery_time: '6 εβδομάδες από την έγκριση',
      customer_note: 'Σας ευχαριστούμε θερμά για την εμπιστοσύνη σας.',
      internal_notes: '',
      discount_percent: 5,
      lines,
      totals: { net_cents: money.net_cents, vat_cents: money.vat_cents, gross_cents: money.gross_cents, vat_breakdown: money.vat_breakdown },
      public_token_hashes: [],
      retired_token_hashes: [],
      sent_at: null,
      answered_at: null,
      accepted_by_name: null,
      decline_reason: null,
      accepted_order_id: null,
      history: [],
      created_at: now,
      created_by: 'Bench',
      created_by_uid: 'script:bench',
      updated_at: now,
      updated_by: 'Bench',
      updated_by_uid: 'script:bench',
    },
    customer: { name: 'Ιερά Μητρόπολις Δημητριάδος και Αλμυρού', title: 'π.', organization: 'Γραφείο Ναών', location: { city: 'Βόλος' } },
    settings: {
      ...defaultQuoteSettings,
      company: { ...defaultQuoteSettings.company, address: 'Λεωφόρος Κηφισίας 123, 11526 Αθήνα', vat_number: '801234567', tax_office: 'ΚΕΦΟΔΕ Αττικής', phone: '+30 210 1234567', email: 'info@bellsystems.gr' },
    },
  };
}
