import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import type { Task } from '../../api/tasks';
import { i18n } from '../../i18n';
import { useUiStore } from '../../stores/ui';
import TaskRow from './TaskRow.vue';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  i18n.global.locale.value = 'en';
});

/** An automatic task as GET /crm/today sends it; its reason is data the row words in the reader's language. */
const task = (reason: Task['reason']): Task =>
  ({
    id: 't1',
    title: 'Service Vesper Plus VP-0042 — Ι.Ν. Αγίου Νικολάου',
    notes: '',
    due_date: '2026-12-20',
    due_at: null,
    assignee_uid: null,
    priority: 'normal',
    state: 'open',
    customer_id: 'c1',
    links: { order_id: null, quote_id: null, installation_id: 'i1', comms_id: null },
    repeat: null,
    source: reason?.type ?? 'manual',
    source_key: null,
    reason,
    completed_by: null,
    completed_at: null,
  }) as unknown as Task;

function mountRow(item: Task, locale: 'en' | 'el'): VueWrapper {
  const pinia = createPinia();
  setActivePinia(pinia);
  useUiStore().setLocale(locale);
  wrapper = mount(TaskRow, { props: { task: item, canComplete: false, busy: false }, global: { plugins: [pinia, i18n] } });
  return wrapper;
}

describe('a task row', () => {
  it('says when a service is due with the day the installation source sends, in the reader’s format', () => {
    const row = mountRow(task({ type: 'service_due', props: { installation_id: 'i1', serial_number: 'VP-0042', site: 'Ι.Ν. Αγίου Νικολάου', city: 'Πάτρα', due: '2026-12-20' } }), 'el');
    expect(row.text()).toContain('Συντήρηση έως 20/12/2026');
    expect(row.text()).not.toContain('{due');
  });

  it('says when an order’s payment was due, in English', () => {
    const row = mountRow(task({ type: 'payment_overdue', props: { order_number: 'ORD-2026-0042', balance_due: 1450.5, currency: 'EUR', due_date: '2026-11-30' } }), 'en');
    expect(row.text()).toContain('Payment of ORD-2026-0042 was due on 30/11/2026');
  });
});
