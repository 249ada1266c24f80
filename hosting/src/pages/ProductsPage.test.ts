import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProductInput, ProductRecord } from '../api/products';
import { costTotal } from '../components/orders/order-money';
import { productFixture } from '../test-support/customer-fixtures';
import { installFakeApi, type FakeRoute } from '../test-support/fake-api';
import { byLabel, byText, mountApp } from '../test-support/mount-app';
import { meAs } from '../test-support/mount-component';

const accounts = {
  'editor@bellsystems.gr': { uid: 'u-editor', password: 'demo-editor-pass' },
  'viewer@bellsystems.gr': { uid: 'u-viewer', password: 'demo-viewer-pass' },
};
let wrapper: VueWrapper;

afterEach(() => {
  wrapper.unmount();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const product = (id: string, extra: Partial<ProductRecord> = {}): ProductRecord =>
  productFixture({
    id,
    name: `Vesper ${id}`,
    sku: `VSP-00${id}`,
    costs: { pcb: 40, components: 120, enclosure: 35, labor_hours: 2, labor_rate: 25, shipping_in: 5, total: 250 },
    stock: { on_hand: 12, reserved: 3, available: 9 },
    ...extra,
  });

/** The product as the server keeps it after a write: given fields set, total and available computed. */
function saved(base: ProductRecord, body: Partial<ProductInput>): ProductRecord {
  const costs = { ...base.costs, ...body.costs };
  const stock = { ...base.stock, ...body.stock };
  return {
    ...base,
    ...body,
    costs: { ...costs, total: costTotal(costs) },
    stock: { ...stock, available: stock.on_hand - stock.reserved },
  };
}

const list = (products: () => ProductRecord[]): FakeRoute => () => ({
  status: 200,
  body: { products: products(), total: products().length, next_cursor: null },
});

function dialogField(label: string) {
  const dialog = wrapper.find('dialog[open]');
  const found = dialog.findAll('label').find((l) => l.text().replace(/\s*\*$/, '') === label);
  if (!found) throw new Error(`No field ${label} in the dialog`);
  return dialog.find<HTMLInputElement>(`[id="${found.attributes('for')}"]`);
}

const outputOf = (label: string) => {
  const dialog = wrapper.find('dialog[open]');
  const name = dialog.findAll('.computed span').find((s) => s.text() === label);
  if (!name) throw new Error(`No computed ${label}`);
  return dialog.find(`output[aria-labelledby="${name.attributes('id')}"]`).text();
};

describe('products', () => {
  it('lists the catalogue with cost and available stock, and no edit controls to a viewer', async () => {
    installFakeApi({ 'GET /api/me': meAs('viewer'), 'GET /api/crm/products': list(() => [product('1'), product('2', { active: false, stock: { on_hand: 1, reserved: 3, available: -2 } })]) });
    ({ wrapper } = await mountApp('/products', accounts, 'viewer@bellsystems.gr'));
    const rows = wrapper.findAll('tbody tr');
    expect(rows.map((r) => r.findAll('td').map((td) => td.text()))).toEqual([
      ['Vesper 1', 'VSP-001', 'Controller', '€890.00', '€250.00', '12', '9', 'Yes'],
      ['Vesper 2', 'VSP-002', 'Controller', '€890.00', '€250.00', '1', '-2', 'No'],
    ]);
    expect(wrapper.text()).toContain('2 products');
    expect(wrapper.findAll('button').some((b) => /New product|Edit/.test(b.text()))).toBe(false);
  });

  it('filters by category and active on the server, and searches after a pause in typing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const api = installFakeApi({ 'GET /api/me': meAs('viewer'), 'GET /api/crm/products': list(() => []) });
    ({ wrapper } = await mountApp('/products', accounts, 'viewer@bellsystems.gr'));
    expect(wrapper.text()).toContain('No products yet.');

    await byLabel(wrapper, 'Category').setValue('striker');
    await byLabel(wrapper, 'Active').setValue('false');
    await flushPromises();
    await byLabel(wrapper, 'Search').setValue('vesp');
    await byLabel(wrapper, 'Search').setValue('vesper');
    const before = api.requests.length;
    vi.advanceTimersByTime(300);
    await flushPromises();
    const sent = api.requests.slice(before).filter((r) => r.path === '/api/crm/products');
    expect(sent).toHaveLength(1);
    expect([sent[0]!.query.get('search'), sent[0]!.query.get('category'), sent[0]!.query.get('active')]).toEqual(['vesper', 'striker', 'false']);
    expect(wrapper.text()).toContain('No product matches these filters.');
  });

  it('creates a product, showing the cost total and available stock while they are typed', async () => {
    let stored: ProductRecord[] = [];
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/products': list(() => stored),
      'POST /api/crm/products': (request) => {
        stored = [saved(product('9'), request.body as Partial<ProductInput>)];
        return { status: 201, body: stored[0] };
      },
    });
    ({ wrapper } = await mountApp('/products', accounts, 'editor@bellsystems.gr'));
    await byText(wrapper, 'button', '+ New product').trigger('click');
    await flushPromises();

    await dialogField('Name').setValue('Striker S2');
    await dialogField('SKU').setValue('str-002');
    await dialogField('Category').setValue('striker');
    await dialogField('Price').setValue('450');
    await dialogField('PCB').setValue('12,50');
    await dialogField('Components').setValue('40.10');
    await dialogField('Labour hours').setValue('1.5');
    await dialogField('Rate per hour').setValue('25.33');
    await dialogField('Inbound shipping').setValue('3');
    expect(outputOf('Cost total')).toBe('€93.60');
    await dialogField('On hand').setValue('10');
    await dialogField('Reserved').setValue('4');
    expect(outputOf('Available')).toBe('6');

    await wrapper.find('dialog[open] form').trigger('submit');
    await flushPromises();
    expect(api.requests.find((r) => r.method === 'POST')!.body).toEqual({
      name: 'Striker S2',
      sku: 'STR-002',
      category: 'striker',
      description: '',
      price: 450,
      currency: 'EUR',
      costs: { pcb: 12.5, components: 40.1, enclosure: 0, labor_hours: 1.5, labor_rate: 25.33, shipping_in: 3 },
      stock: { on_hand: 10, reserved: 4 },
      nextcloud_folder: null,
      linked_device_type: '',
      active: true,
    });
    expect(wrapper.find('dialog[open]').exists()).toBe(false);
    expect(wrapper.find('tbody tr td').text()).toBe('Striker S2');
  });

  it('checks the form before sending and shows the problems beside the fields', async () => {
    const api = installFakeApi({ 'GET /api/me': meAs('editor'), 'GET /api/crm/products': list(() => []) });
    ({ wrapper } = await mountApp('/products', accounts, 'editor@bellsystems.gr'));
    await byText(wrapper, 'button', '+ New product').trigger('click');
    await flushPromises();
    await dialogField('SKU').setValue('-bad sku');
    await dialogField('Price').setValue('12,345');
    await dialogField('On hand').setValue('2.5');
    await wrapper.find('dialog[open] form').trigger('submit');
    await flushPromises();
    const errors = wrapper.findAll('dialog[open] .field__error').map((e) => e.text());
    expect(errors).toEqual([
      'Required.',
      'Use 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit.',
      'Enter a number the Greek way, like 1.250,50 (dot for thousands, comma for decimals).',
      'Enter a whole number.',
      'Check the highlighted fields.',
    ]);
    expect(dialogField('Name').attributes('aria-invalid')).toBe('true');
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it("edits a product sending only what changed, and shows the server's refusal", async () => {
    let refuse = true;
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/products': list(() => [product('1')]),
      'PUT /api/crm/products/1': (request) =>
        refuse
          ? { status: 409, body: { error: { code: 'conflict', message: 'SKU VSP-002 is already used by product p2', details: [] } } }
          : { status: 200, body: saved(product('1'), request.body as Partial<ProductInput>) },
    });
    ({ wrapper } = await mountApp('/products', accounts, 'editor@bellsystems.gr'));
    await wrapper.find('button[aria-label="Edit Vesper 1"]').trigger('click');
    await flushPromises();
    expect(outputOf('Cost total')).toBe('€250.00');
    await dialogField('SKU').setValue('VSP-002');
    await dialogField('Enclosure').setValue('30');
    await wrapper.find('dialog[open] form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('dialog[open] [role="alert"]').text()).toBe('SKU VSP-002 is already used by product p2');
    expect(api.requests.find((r) => r.method === 'PUT')!.body).toEqual({ sku: 'VSP-002', costs: { enclosure: 30 } });

    refuse = false;
    await dialogField('SKU').setValue('VSP-001');
    await wrapper.find('dialog[open] form').trigger('submit');
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'PUT').at(-1)!.body).toEqual({ costs: { enclosure: 30 } });
    expect(wrapper.find('dialog[open]').exists()).toBe(false);
  });

  it('archives a product from its form, and restores it from the Archived list', async () => {
    let stored = [product('1')];
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/products': (request) => list(() => stored.filter((p) => !!p.archived_at === (request.query.get('archived') === 'true')))(request),
      'POST /api/crm/products/1/archive': () => {
        stored = [product('1', { archived_at: '2026-03-01T10:00:00.000Z' })];
        return { status: 200, body: stored[0] };
      },
      'POST /api/crm/products/1/restore': () => {
        stored = [product('1')];
        return { status: 200, body: stored[0] };
      },
    });
    ({ wrapper } = await mountApp('/products', accounts, 'editor@bellsystems.gr'));
    await wrapper.find('button[aria-label="Edit Vesper 1"]').trigger('click');
    await flushPromises();
    expect(dialogField('Nextcloud folder').attributes('readonly')).toBeDefined();
    expect(wrapper.find('dialog[open]').findAll('button').some((b) => b.text() === 'Delete')).toBe(false);
    await byText(wrapper.find('dialog[open] form'), 'button', 'Archive').trigger('click');
    await flushPromises();
    const confirm = wrapper.findAll('dialog[open]').at(-1)!;
    expect(confirm.find('h2').text()).toBe('Archive this product?');
    await byText(confirm, 'button', 'Archive').trigger('click');
    await flushPromises();
    expect(api.requests.some((r) => r.method === 'DELETE')).toBe(false);
    expect(wrapper.findAll('tbody tr')).toHaveLength(0);

    await byLabel(wrapper, 'Archived').setValue(true);
    await flushPromises();
    expect(api.requests.at(-1)!.query.get('archived')).toBe('true');
    expect(wrapper.findAll('tbody tr').map((r) => r.find('td').text())).toEqual(['Vesper 1']);
    await byText(wrapper, 'tbody button', 'Restore').trigger('click');
    await flushPromises();
    expect(api.requests.some((r) => r.method === 'POST' && r.path === '/api/crm/products/1/restore')).toBe(true);
    expect(wrapper.findAll('tbody tr')).toHaveLength(0);
  });

  it('asks before closing a form with unsaved changes', async () => {
    installFakeApi({ 'GET /api/me': meAs('editor'), 'GET /api/crm/products': list(() => []) });
    ({ wrapper } = await mountApp('/products', accounts, 'editor@bellsystems.gr'));
    await byText(wrapper, 'button', '+ New product').trigger('click');
    await flushPromises();
    await dialogField('Name').setValue('Clock C3');
    await byText(wrapper.find('dialog[open] form'), 'button', 'Cancel').trigger('click');
    await flushPromises();
    const confirm = wrapper.findAll('dialog[open]').at(-1)!;
    expect(confirm.find('h2').text()).toBe('Discard changes?');
    await byText(confirm, 'button', 'Discard changes').trigger('click');
    await flushPromises();
    expect(wrapper.find('dialog[open]').exists()).toBe(false);
  });
});
