import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { installFakeApi } from '../../test-support/fake-api';
import { productFixture } from '../../test-support/customer-fixtures';
import { meAs, mountSignedIn } from '../../test-support/mount-component';
import ProductPicker from './ProductPicker.vue';

let wrapper: VueWrapper;
afterEach(() => wrapper?.unmount());

const product = (id: string, name: string, sku: string) => productFixture({ id, name, sku });

describe('ProductPicker', () => {
  it('takes a product code typed without picking as that product', async () => {
    installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/products': () => ({ status: 200, body: { products: [product('p1', 'Vesper 1', 'VSP-001'), product('p2', 'Vesper 10', 'VSP-010')], total: 2, next_cursor: null } }),
    });
    wrapper = await mountSignedIn(ProductPicker, { productId: '', productName: '' }, 'editor');
    await wrapper.find('input').trigger('focusin');
    await wrapper.setProps({ productName: 'vsp-001' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await flushPromises();
    expect(wrapper.emitted('change')?.at(-1)).toEqual([{ product_id: 'p1', product_name: 'Vesper 1' }]);
  });

  it('leaves a text that names no single product as typed', async () => {
    installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/products': () => ({ status: 200, body: { products: [product('p1', 'Vesper 1', 'VSP-001')], total: 1, next_cursor: null } }),
    });
    wrapper = await mountSignedIn(ProductPicker, { productId: '', productName: '' }, 'editor');
    await wrapper.setProps({ productName: 'vesp' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await flushPromises();
    expect(wrapper.emitted('change')).toBeUndefined();
  });
});
