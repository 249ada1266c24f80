/** What an import's columns can be mapped to, and the mapping suggested from header names (Greek or English). */
import { normalizeText } from '../search/normalize.js';

export const customerImportFields = [
  'name',
  'title',
  'organization',
  'religion',
  'email',
  'phone',
  'city',
  'region',
  'country',
  'tags',
  'notes',
  'relationship_status',
  'tax_id',
  'external_id',
] as const;
export type CustomerImportField = (typeof customerImportFields)[number];

/** Header names (compared lower case, without accents) that suggest each field. */
const synonyms: Record<CustomerImportField, string[]> = {
  name: ['name', 'full name', 'customer', 'ονομα', 'επωνυμια', 'ονοματεπωνυμο', 'πελατης'],
  title: ['title', 'τιτλος', 'ιδιοτητα', 'προσφωνηση'],
  organization: ['organization', 'organisation', 'company', 'οργανισμος', 'εταιρεια', 'φορεας', 'μητροπολη'],
  religion: ['religion', 'θρησκευμα', 'δογμα'],
  email: ['email', 'e-mail', 'mail', 'ηλεκτρονικο ταχυδρομειο', 'ηλ. ταχυδρομειο'],
  phone: ['phone', 'telephone', 'mobile', 'tel', 'τηλεφωνο', 'τηλ', 'τηλ.', 'κινητο'],
  city: ['city', 'town', 'πολη', 'δημος', 'χωριο'],
  region: ['region', 'county', 'νομος', 'περιφερεια', 'περιοχη'],
  country: ['country', 'χωρα'],
  tags: ['tags', 'labels', 'ετικετες', 'κατηγοριες'],
  notes: ['notes', 'note', 'comments', 'σημειωσεις', 'σχολια', 'παρατηρησεις'],
  relationship_status: ['relationship status', 'status', 'κατασταση', 'σχεση'],
  tax_id: ['afm', 'αφμ', 'α.φ.μ.', 'vat', 'vat number', 'tax id'],
  external_id: ['external id', 'id', 'code', 'κωδικος', 'κωδ.', 'κωδικος πελατη'],
};

/** A suggester for one kind's fields: each header's field, a field given to the first header that suggests it only. */
export function mappingSuggester<F extends string>(byField: Record<F, string[]>): (headers: readonly string[]) => Record<string, F | null> {
  const lookup = new Map<string, F>((Object.entries(byField) as [F, string[]][]).flatMap(([field, names]) => names.map((n) => [normalizeText(n), field] as const)));
  return (headers) => {
    const taken = new Set<F>();
    return Object.fromEntries(
      headers.map((header) => {
        const field = lookup.get(normalizeText(header)) ?? null;
        if (!field || taken.has(field)) return [header, null];
        taken.add(field);
        return [header, field];
      }),
    );
  };
}

export const suggestMapping = mappingSuggester(synonyms);
