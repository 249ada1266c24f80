/**
 * The customer form's editable state and its conversion to the API body. Inputs are strings;
 * the body trims them, turns empty optional text into null and splits multi-line lists.
 */
import { numberOrNaN, numberText } from '../form/number-input';
import type { ContactType, CustomerInput, CustomerRecord, OwnedItemType } from '../../api/customers';
import type { RelationshipStatus } from '../../api/types';

let nextKey = 0;
/** A key for v-for that survives reordering and removal (entries without a server id have none). */
const key = (): number => ++nextKey;

export interface ContactRow {
  key: number;
  id?: string;
  type: ContactType;
  label: string;
  value: string;
  primary: boolean;
}

export interface NoteRow {
  key: number;
  id?: string;
  text: string;
}

export interface ItemRow {
  key: number;
  id?: string;
  type: OwnedItemType;
  device_id: string;
  label: string;
  product_id: string;
  product_name: string;
  quantity: string;
  serial_numbers: string;
  description: string;
  serial_number: string;
  notes: string;
}

export interface CustomerFormState {
  title: string;
  name: string;
  organization: string;
  religion: string;
  /** Language codes in the order they were chosen: the first is the one spoken most. */
  language: string[];
  relationship_status: RelationshipStatus;
  city: string;
  region: string;
  country: string;
  tags: string[];
  contacts: ContactRow[];
  notes: NoteRow[];
  owned_items: ItemRow[];
  nextcloud_folder: string;
  linked_user_ids: string;
}

export function newContact(type: ContactType = 'phone'): ContactRow {
  return { key: key(), type, label: '', value: '', primary: false };
}

export function newNote(): NoteRow {
  return { key: key(), text: '' };
}

export function newItem(type: OwnedItemType = 'console_device'): ItemRow {
  return {
    key: key(),
    type,
    device_id: '',
    label: '',
    product_id: '',
    product_name: '',
    quantity: '1',
    serial_numbers: '',
    description: '',
    serial_number: '',
    notes: '',
  };
}

export function emptyForm(): CustomerFormState {
  return {
    title: '',
    name: '',
    organization: '',
    religion: '',
    language: ['el'],
    relationship_status: 'lead',
    city: '',
    region: '',
    country: '',
    tags: [],
    contacts: [],
    notes: [],
    owned_items: [],
    nextcloud_folder: '',
    linked_user_ids: '',
  };
}

/** What a new customer starts with when it comes from somewhere (a message's sender). */
export interface CustomerDraft {
  name: string;
  contacts: { type: ContactType; value: string }[];
}

export function formFromDraft(draft: CustomerDraft): CustomerFormState {
  return {
    ...emptyForm(),
    name: draft.name,
    contacts: draft.contacts.map((contact, index) => ({ ...newContact(contact.type), value: contact.value, primary: index === 0 })),
  };
}

export function formFromCustomer(customer: CustomerRecord): CustomerFormState {
  return {
    title: customer.title ?? '',
    name: customer.name,
    organization: customer.organization ?? '',
    religion: customer.religion ?? '',
    language: [...customer.language],
    relationship_status: customer.relationship_status,
    city: customer.location?.city ?? '',
    region: customer.location?.region ?? '',
    country: customer.location?.country ?? '',
    tags: [...customer.tags],
    contacts: customer.contacts.map((c) => ({ key: key(), id: c.id, type: c.type, label: c.label, value: c.value, primary: c.primary })),
    notes: customer.notes.map((n) => ({ key: key(), id: n.id, text: n.text })),
    owned_items: customer.owned_items.map((item) => ({
      ...newItem(item.type),
      id: item.id,
      ...(item.type === 'console_device' ? { device_id: item.device_id, label: item.label } : {}),
      ...(item.type === 'product'
        ? {
            product_id: item.product_id,
            product_name: item.product_name,
            quantity: numberText(item.quantity, 'quantity'),
            serial_numbers: item.serial_numbers.join('\n'),
          }
        : {}),
      ...(item.type === 'freetext' ? { description: item.description, serial_number: item.serial_number, notes: item.notes } : {}),
    })),
    nextcloud_folder: customer.nextcloud_folder ?? '',
    linked_user_ids: customer.linked_user_ids.join('\n'),
  };
}

const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());
const lines = (value: string): string[] =>
  value
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);
const withId = (id: string | undefined) => (id ? { id } : {});

/** A whole number as typed ("3", "1.000"), or NaN (so validation can name it). */
const wholeNumber = (raw: string): number => numberOrNaN(raw, 'quantity');

export function inputFromForm(form: CustomerFormState): CustomerInput {
  const location = { city: form.city.trim(), region: form.region.trim(), country: form.country.trim() };
  return {
    name: form.name.trim(),
    title: orNull(form.title),
    organization: orNull(form.organization),
    religion: orNull(form.religion),
    language: [...new Set(form.language.map((code) => code.trim()))],
    relationship_status: form.relationship_status,
    location: location.city || location.region || location.country ? location : null,
    tags: form.tags.map((t) => t.trim()),
    contacts: form.contacts.map((c) => ({ ...withId(c.id), type: c.type, label: c.label.trim(), value: c.value.trim(), primary: c.primary })),
    notes: form.notes.map((n) => ({ ...withId(n.id), text: n.text.trim() })),
    owned_items: form.owned_items.map((item) => {
      if (item.type === 'console_device') {
        return { ...withId(item.id), type: item.type, device_id: item.device_id.trim(), label: item.label.trim() };
      }
      if (item.type === 'product') {
        return {
          ...withId(item.id),
          type: item.type,
          product_id: item.product_id,
          product_name: item.product_name.trim(),
          quantity: wholeNumber(item.quantity),
          serial_numbers: lines(item.serial_numbers),
        };
      }
      return {
        ...withId(item.id),
        type: item.type,
        description: item.description.trim(),
        serial_number: item.serial_number.trim(),
        notes: item.notes,
      };
    }),
    nextcloud_folder: orNull(form.nextcloud_folder),
    linked_user_ids: [...new Set(lines(form.linked_user_ids))],
  };
}
