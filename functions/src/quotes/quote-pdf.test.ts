import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poppler } from '../test-support/poppler.js';
import { createTestApp, type TestApp, type TestRole } from '../test-support/test-app.js';
import { dayMonthYear } from './quote-days.js';

/** The PDF read back with poppler-utils (pdftotext, pdffonts), as a reader's tools see it. */

let t: TestApp;
const dir = mkdtempSync(join(tmpdir(), 'quote-pdf-'));
beforeAll(async () => {
  t = await createTestApp();
  // A 1×1 PNG, enough to prove the letterhead's logo is drawn from the settings.
  const logo = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  const settings = await request(t.app)
    .put('/api/crm/settings/quotes')
    .set(auth('admin'))
    .send({
      company: {
        name: 'BellSystems Ηλεκτρομηχανικές Καμπάνες Ι.Κ.Ε.',
        address: 'Λεωφόρος Κηφισίας 123, 11526 Αθήνα',
        vat_number: '801234567',
        tax_office: 'ΚΕΦΟΔΕ Αττικής',
        phone: '+30 210 1234567',
        email: 'info@bellsystems.gr',
        logo,
      },
      validity_days: 45,
      follow_up_days: 5,
    });
  expect(settings.status).toBe(200);
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const auth = (role: TestRole = 'editor') => ({ Authorization: `Bearer ${t.tokens[role]}` });

async function pdfOf(quoteId: string): Promise<{ text: string; fonts: string; disposition: string }> {
  const res = await request(t.app)
    .get(`/api/crm/quotes/${quoteId}/pdf`)
    .set(auth('viewer'))
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  const file = join(dir, `${quoteId}.pdf`);
  writeFileSync(file, res.body as Buffer);
  return {
    text: poppler('pdftotext', ['-layout', file, '-']),
    fonts: poppler('pdffonts', [file]),
    disposition: String(res.headers['content-disposition']),
  };
}

async function quoteFor(customer: Record<string, unknown>, body: Record<string, unknown>) {
  const c = await request(t.app).post('/api/crm/customers').set(auth()).send(customer);
  expect(c.status).toBe(201);
  const q = await request(t.app).post(`/api/crm/customers/${c.body.id}/quotes`).set(auth()).send(body);
  expect(q.status).toBe(201);
  return q.body;
}

const words = (s: string) => s.split(/[\s,.«»—()]+/).filter((w) => w.length > 0);

describe('GET /crm/quotes/:id/pdf', () => {
  it('holds every Greek word of the customer and the lines, Greek amounts and dates, and embedded subset fonts', async () => {
    const customer = {
      name: 'Αρχιμανδρίτης Ευστάθιος Καραγιαννόπουλος-Ψαριανός',
      title: 'π.',
      organization: 'Ιερά Μητρόπολις Δημητριάδος και Αλμυρού',
      location: { city: 'Βόλος', region: 'Θεσσαλία' },
    };
    const lines = [
      { description: 'Ηλεκτρονικός ελεγκτής καμπάνας «Ψαλμωδός» με αυτόματο εσπερινό', quantity: 1, unit_price: 1250, vat_rate: 24 },
      { description: 'Ωρολογιακός μηχανισμός για τρούλο, ανοξείδωτος, εγγύηση πενταετίας', quantity: 2, unit_price: 0.05, discount_percent: 50, vat_rate: 13 },
    ];
    const quote = await quoteFor(customer, { lines, discount_percent: 0, payment_terms: 'Προκαταβολή 30% με την παραγγελία', customer_note: 'Ευχαριστούμε θερμά για την εμπιστοσύνη σας' });
    const { text, fonts, disposition } = await pdfOf(quote.id);
    const flat = text.replace(/\s+/g, ' ');
    for (const word of [...words(customer.name), ...words(customer.organization), 'Βόλος', ...lines.flatMap((l) => words(l.description))]) {
      expect(flat).toContain(word);
    }
    expect(flat).toContain('ΠΡΟΣΦΟΡΑ');
    expect(flat).toContain('ΑΦΜ: 801234567 · ΔΟΥ: ΚΕΦΟΔΕ Αττικής');
    expect(flat).toContain('1.250,00 €');
    expect(flat).toContain(`Ισχύει έως: ${dayMonthYear(quote.valid_until)}`);
    expect(flat).toContain('Σελίδα 1 από 1');
    expect(disposition).toContain(`${quote.number}.pdf`);
    const fontRows = fonts.split('\n').slice(2).filter(Boolean);
    expect(fontRows.length).toBeGreaterThan(0);
    for (const row of fontRows) {
      // name, type, encoding, emb, sub, uni: a subset name is `ABCDEF+DejaVuSans`.
      expect(row).toMatch(/^[A-Z]{6}\+DejaVuSans/);
      expect(row).toMatch(/\byes\s+yes\s+yes\b/);
    }
  });

  it('spreads a 60-line quote over pages, with the table header and "Σελίδα N από M" on each', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => ({
      description: `Γραμμή ${i + 1}: κρουστήρας χαλκού για καμπάνα Ø ${30 + i} εκ., με ελατήριο επαναφοράς και βάση στήριξης`,
      quantity: (i % 5) + 1,
      unit_price: 12.34 + i,
      vat_rate: [24, 13, 6, 0, 17, 9, 4][i % 7],
    }));
    const quote = await quoteFor({ name: 'Δήμος Ύδρας', language: ['el'] }, { lines });
    const { text } = await pdfOf(quote.id);
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((page, i) => {
      expect(page).toMatch(/Περιγραφή\s+Ποσ\.\s+Τιμή μον\./);
      expect(page).toContain(`Σελίδα ${i + 1} από ${pages.length}`);
    });
    for (let i = 1; i <= 60; i++) expect(text).toContain(`Γραμμή ${i}:`);
  });

  it('writes an English document in English, with a revision suffix in the file name', async () => {
    const quote = await quoteFor({ name: 'St Nicholas Greek Orthodox Church, Tarpon Springs', language: ['en'] }, {
      lines: [{ description: 'Bell controller', quantity: 1, unit_price: 1250, vat_rate: 0 }],
    });
    await t.store.update(`crm_customers/${quote.customer_id}/quotes/${quote.id}`, { state: 'sent' });
    const revised = await request(t.app).post(`/api/crm/quotes/${quote.id}/revise`).set(auth()).send({});
    const { text, disposition } = await pdfOf(revised.body.id);
    expect(text).toContain('QUOTATION');
    expect(text).toContain('€1,250.00');
    expect(text).toContain('Page 1 of 1');
    expect(disposition).toContain(`${quote.number}-v2.pdf`);
  });
});
