/** What a product import's columns can be mapped to, suggested from header names (Greek or English). */
import { productCategories, type ProductCategory } from '../products/products.enums.js';
import { normalizeText } from '../search/normalize.js';
import { mappingSuggester } from './import.fields.js';

export const productImportFields = [
  'name',
  'sku',
  'category',
  'description',
  'price',
  'currency',
  'stock_on_hand',
  'warranty_months',
  'linked_device_type',
  'active',
  'external_id',
] as const;
export type ProductImportField = (typeof productImportFields)[number];

/** Header names (compared lower case, without accents) that suggest each field. */
const synonyms: Record<ProductImportField, string[]> = {
  name: ['name', 'product', 'product name', 'ονομα', 'προιον', 'ονομασια', 'περιγραφη ειδους', 'ειδος'],
  sku: ['sku', 'code', 'product code', 'item code', 'κωδικος', 'κωδ.', 'κωδικος προιοντος', 'κωδικος ειδους'],
  category: ['category', 'type', 'κατηγορια', 'τυπος'],
  description: ['description', 'details', 'περιγραφη', 'λεπτομερειες'],
  price: ['price', 'unit price', 'retail price', 'τιμη', 'τιμη πωλησης', 'τιμη μοναδας', 'λιανικη'],
  currency: ['currency', 'νομισμα'],
  stock_on_hand: ['stock', 'on hand', 'quantity', 'qty', 'αποθεμα', 'ποσοτητα', 'υπολοιπο'],
  warranty_months: ['warranty', 'warranty months', 'εγγυηση', 'μηνες εγγυησης'],
  linked_device_type: ['device type', 'linked device type', 'τυπος συσκευης'],
  active: ['active', 'enabled', 'ενεργο', 'ενεργος', 'σε χρηση'],
  external_id: ['external id', 'id', 'old id', 'εξωτερικος κωδικος', 'παλιος κωδικος'],
};

export const suggestProductMapping = mappingSuggester(synonyms);

/** A category cell in either language, as the SPA names them or as a spreadsheet may. */
const categoryNames: Record<ProductCategory, string[]> = {
  controller: ['controller', 'ελεγκτης', 'χειριστηριο', 'πινακας'],
  striker: ['striker', 'κρουστηρας', 'κρουστης', 'σφυρι'],
  clock: ['clock', 'ρολοι', 'ωρολογιο'],
  part: ['part', 'spare part', 'ανταλλακτικο', 'εξαρτημα'],
  repair_service: ['repair_service', 'repair service', 'repair', 'service', 'υπηρεσια επισκευης', 'επισκευη', 'σερβις'],
};
const categoryLookup = new Map<string, ProductCategory>(
  productCategories.flatMap((category) => categoryNames[category].map((n) => [normalizeText(n), category] as const)),
);

export function categoryOf(cell: string): ProductCategory | null {
  return categoryLookup.get(normalizeText(cell)) ?? null;
}

const yes = new Set(['yes', 'y', 'true', '1', 'ναι', 'ν', 'ενεργο', 'active'].map(normalizeText));
const no = new Set(['no', 'n', 'false', '0', 'οχι', 'ο', 'ανενεργο', 'inactive'].map(normalizeText));

export function booleanOf(cell: string): boolean | null {
  const key = normalizeText(cell);
  return yes.has(key) ? true : no.has(key) ? false : null;
}
