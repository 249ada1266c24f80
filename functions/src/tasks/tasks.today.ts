import { CommsAwaiting, type AwaitingEntry } from '../comms/comms.awaiting.js';
import { CommsService } from '../comms/comms.service.js';
import { addDays, athensDay, athensInstant, weekStart } from '../shared/athens-time.js';
import { customerPath } from '../shared/collections.js';
import { fromCents, toCents } from '../shared/money.js';
import type { TodaySectionReaders } from '../shared/today-sections.js';
import { readContact } from '../customers/customer-read.js';
import type { DocData } from '../store/docstore.js';
import { ensureAgenda } from './tasks.agenda.js';
import { agendaRange, readTask, TASKS } from './tasks.docs.js';
import type { TasksDeps } from './tasks.service.js';
import type { Task, Today, TodayComms } from './tasks.schema.js';

/** Rows per list on the home page; each list links to its full page. */
const ROWS = 50;
/** My tasks read at most: a home page lists what to do now, not a backlog (the badge counts as far, tasks store). */
const MAX_TASKS = 100;
/** Quotes and services shown: each list's heading gives the count and links to the full list. */
const SECTION_ROWS = 20;

/** What a payment_overdue task says about its order (orders/orders.auto-tasks.ts). */
interface OverdueOrder {
  customer_id: string;
  currency: string;
  balance_due: number;
  due_date: string;
}

function overdueOf(doc: { data: DocData }): OverdueOrder | null {
  const props = (doc.data.reason as { props?: Record<string, unknown> } | null)?.props ?? {};
  const customerId = doc.data.customer_id;
  if (typeof customerId !== 'string' || typeof props.balance_due !== 'number' || typeof props.due_date !== 'string') return null;
  return { customer_id: customerId, currency: String(props.currency ?? 'EUR'), balance_due: props.balance_due, due_date: props.due_date };
}
/** How far back a message still counts as awaiting a reply. */
const REPLY_WINDOW_DAYS = 30;

function splitTasks(tasks: Task[], today: string, now: Date): Today['tasks'] {
  const split: Today['tasks'] = { overdue: [], today: [], week: [] };
  for (const task of tasks) {
    const overdue = task.due_at ? task.due_at < now : task.due_date! < today;
    if (overdue) split.overdue.push(task);
    else if ((task.due_date ?? athensDay(task.due_at!)) === today) split.today.push(task);
    else split.week.push(task);
  }
  return split;
}

/** The last day of the month of `day` (`YYYY-MM-DD`). */
function monthEnd(day: string): string {
  const [year, month] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/**
 * The home page's lists for one user: their open tasks overdue, due today and due later this
 * week (Athens), missed calls not returned, the Unassigned inbox, customers' messages no reply
 * followed, customers with overdue balances (from the open payment_overdue tasks), and, from
 * the quotes and installations domains' readers, quotes awaiting an answer and services due
 * by the end of the month.
 */
export async function todayFor(deps: TasksDeps, sections: TodaySectionReaders, uid: string): Promise<Today> {
  const now = deps.clock.now();
  const day = athensDay(now);
  const through = monthEnd(day);
  const awaiting = new CommsAwaiting(deps.sql);
  const comms = new CommsService(deps);
  await ensureAgenda(deps.store, now);
  const [agendaFrom, agendaTo] = agendaRange(uid, athensInstant(addDays(weekStart(day), 7)));
  const [taskDocs, calls, unanswered, unassigned, unassignedCount, overdueTasks, quotes, services] = await Promise.all([
    // My open tasks due before next Monday, in due order: one range on the agenda key.
    deps.store.query({
      collection: TASKS,
      where: [
        { field: 'agenda', op: '>=', value: agendaFrom },
        { field: 'agenda', op: '<', value: agendaTo },
      ],
      orderBy: [{ field: 'agenda', direction: 'asc' }],
      limit: MAX_TASKS,
    }),
    awaiting.openCallFollowUps(ROWS),
    awaiting.unansweredSince(new Date(now.getTime() - REPLY_WINDOW_DAYS * 86_400_000), 5_000),
    comms.unassigned(ROWS),
    comms.unassignedCount(),
    // The automatic tasks keep the overdue orders (and their balances) current: one read each.
    deps.store.query({
      collection: TASKS,
      where: [
        { field: 'source', op: '==', value: 'payment_overdue' },
        { field: 'state', op: '==', value: 'open' },
      ],
    }),
    sections.quotesAwaiting(deps.store, SECTION_ROWS),
    sections.servicesDue(deps.store, through, SECTION_ROWS),
  ]);
  const overdue = overdueTasks.map(overdueOf).filter((order): order is OverdueOrder => order !== null);

  // One row per customer: the first message still waiting, as its task is (comms.auto-tasks.ts).
  const firstByCustomer = new Map<string, AwaitingEntry>();
  for (const entry of unanswered) if (!firstByCustomer.has(entry.customer_id)) firstByCustomer.set(entry.customer_id, entry);
  const awaitingReply = [...firstByCustomer.values()].slice(0, ROWS);

  const customerIds = [
    ...new Set(
      [...calls, ...awaitingReply, ...overdue, ...quotes.rows, ...services.rows].map((entry) => entry.customer_id),
    ),
  ].filter((id) => id !== '');
  const customers = (await deps.store.getAll(customerIds.map(customerPath))).filter((doc) => doc !== null);
  const names = new Map(customers.map((doc) => [doc.id, String(doc.data.name ?? '')]));
  const customerDocs = new Map(customers.map((doc) => [doc.id, doc]));
  // Only the quote and service rows offer a call, so only their customers' contacts are read.
  const phoneOf = (customerId: string): string | null => {
    const stored = customerDocs.get(customerId)?.data.contacts;
    const contacts = Array.isArray(stored) ? stored.map((entry, index) => readContact(entry as DocData, index)) : [];
    const phones = contacts.filter((contact) => contact.type === 'phone');
    return (phones.find((contact) => contact.primary) ?? phones[0])?.value ?? null;
  };
  const row = (entry: AwaitingEntry | { id: string; customer_id: string; type: string; address: string | null; subject?: string | null; occurred_at: Date }): TodayComms => ({
    id: entry.id,
    customer_id: entry.customer_id || null,
    customer_name: names.get(entry.customer_id) ?? null,
    type: entry.type,
    address: entry.address ?? '',
    subject: 'subject' in entry ? (entry.subject ?? null) : null,
    occurred_at: entry.occurred_at,
  });

  const balances = new Map<string, Today['overdue_balances'][number] & { cents: number }>();
  for (const order of overdue) {
    const key = `${order.customer_id} ${order.currency}`;
    const current = balances.get(key) ?? {
      customer_id: order.customer_id,
      customer_name: names.get(order.customer_id) ?? '',
      currency: order.currency,
      balance_due: 0,
      orders: 0,
      oldest_due_date: order.due_date,
      cents: 0,
    };
    current.cents += toCents(order.balance_due);
    current.orders += 1;
    if (order.due_date < current.oldest_due_date) current.oldest_due_date = order.due_date;
    balances.set(key, current);
  }

  return {
    day,
    tasks: splitTasks(
      taskDocs.map((doc) => readTask(doc.id, doc.data)),
      day,
      now,
    ),
    missed_calls: calls.map(row),
    unassigned: { count: unassignedCount.count, entries: unassigned.entries.map(row) },
    awaiting_reply: awaitingReply.map(row),
    overdue_balances: [...balances.values()]
      .map(({ cents, ...balance }) => ({ ...balance, balance_due: fromCents(cents) }))
      .sort((a, b) => a.oldest_due_date.localeCompare(b.oldest_due_date)),
    quotes_awaiting: {
      count: quotes.count,
      rows: quotes.rows.map(({ gross_cents, ...quote }) => ({
        ...quote,
        customer_name: names.get(quote.customer_id) ?? '',
        customer_phone: phoneOf(quote.customer_id),
        gross: fromCents(gross_cents),
      })),
    },
    services_due: {
      through,
      count: services.count,
      rows: services.rows.map((service) => ({
        ...service,
        customer_name: names.get(service.customer_id) ?? '',
        customer_phone: phoneOf(service.customer_id),
        overdue: service.due < day,
      })),
    },
  };
}
