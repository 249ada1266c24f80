/**
 * The meeting point of the home page (tasks/tasks.today.ts) and the domains whose records it
 * lists: quotes awaiting an answer and services due this month. Each domain exports a reader of
 * its own documents from its folder; the app's wiring hands them to the Today route, so the
 * tasks domain never imports a quote's or an installation's internals.
 */
import type { DocStore } from '../store/docstore.js';

/** A list on the home page: its first rows and how many there are in all. */
export interface TodaySection<Row> {
  count: number;
  rows: Row[];
}

/** A sent quote the customer has not answered. */
export interface AwaitingQuote {
  quote_id: string;
  customer_id: string;
  number: string;
  revision: number;
  sent_at: Date;
  valid_until: string;
  /** Cents: the quote's gross total. */
  gross_cents: number;
}

/** An active installation whose next service falls on or before the end of the month. */
export interface ServiceDue {
  installation_id: string;
  customer_id: string;
  /** What the unit is: its product name, else its device id. */
  product: string;
  serial_number: string | null;
  site: string;
  city: string;
  /** `YYYY-MM-DD` (Athens). */
  due: string;
}

export interface TodaySectionReaders {
  quotesAwaiting(store: DocStore, limit: number): Promise<TodaySection<AwaitingQuote>>;
  /** Due on or before `through` (`YYYY-MM-DD`), overdue ones first. */
  servicesDue(store: DocStore, through: string, limit: number): Promise<TodaySection<ServiceDue>>;
}
