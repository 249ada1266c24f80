import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { installFakeApi } from '../../test-support/fake-api';
import { meAs, mountSignedIn } from '../../test-support/mount-component';
import { i18n } from '../../i18n';
import MailAccountsCard from './MailAccountsCard.vue';

const account = {
  id: 'acc1',
  label: 'Γραφείο Θεσσαλονίκης — Πωλήσεις & Υποστήριξη',
  address: 'grafeio@bellsystems.gr',
  imap: { host: 'imap.bellsystems.gr', port: 993, security: 'tls', user: 'grafeio', folders: ['INBOX'] },
  smtp: { host: 'smtp.bellsystems.gr', port: 465, security: 'tls', user: 'grafeio' },
  sent_folder: 'Sent',
  created_at: '2026-11-02T08:00:00.000Z',
  updated_at: '2026-11-02T08:00:00.000Z',
  last_poll_at: null,
  last_error: null,
  last_counts: null,
};

let wrapper: VueWrapper | undefined;
afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
});

const byText = (root: VueWrapper, text: string) => root.findAll('button').find((b) => b.text() === text)!;

describe('mail accounts card', () => {
  it("checks the new account with the app's messages, in Greek, and sends nothing", async () => {
    const api = installFakeApi({ 'GET /api/me': meAs('admin'), 'GET /api/crm/mail/accounts': () => ({ status: 200, body: [] }), 'GET /api/crm/mail/failures': () => ({ status: 200, body: { failures: [] } }) });
    wrapper = await mountSignedIn(MailAccountsCard, {}, 'admin');
    i18n.global.locale.value = 'el';
    await flushPromises();
    await byText(wrapper, 'Προσθήκη λογαριασμού email').trigger('click');
    const form = wrapper.find('form');
    expect(form.attributes('novalidate')).toBeDefined();
    expect(wrapper.findAll('select')[0]!.findAll('option').map((o) => o.text())).toEqual([
      'TLS (κρυπτογράφηση από την αρχή)',
      'STARTTLS (κρυπτογράφηση μετά τη σύνδεση)',
      'Καμία (χωρίς κρυπτογράφηση)',
    ]);
    await wrapper.find('input[type="email"]').setValue('όχι-email');
    const imapPort = wrapper.findAll('input').find((i) => i.attributes('inputmode') === 'numeric')!;
    await imapPort.setValue('70000');
    await form.trigger('submit');
    await flushPromises();
    const errors = wrapper.findAll('.field__error').map((e) => e.text());
    expect(errors).toContain('Υποχρεωτικό.');
    expect(errors).toContain('Γράψτε μια θύρα από 1 έως 65535.');
    expect(errors.some((e) => e.startsWith('Γράψτε μια διεύθυνση email'))).toBe(true);
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);
    i18n.global.locale.value = 'en';
  });

  it('asks before removing an account, and removes it only after the confirmation', async () => {
    const api = installFakeApi({
      'GET /api/me': meAs('admin'),
      'GET /api/crm/mail/accounts': () => ({ status: 200, body: [account] }),
      'GET /api/crm/mail/failures': () => ({ status: 200, body: { failures: [] } }),
      'DELETE /api/crm/mail/accounts/acc1': () => ({ status: 204 }),
    });
    wrapper = await mountSignedIn(MailAccountsCard, {}, 'admin');
    await flushPromises();
    await byText(wrapper, 'Remove').trigger('click');
    await flushPromises();
    const dialog = wrapper.find('dialog[open]');
    expect(dialog.text()).toContain('Remove Γραφείο Θεσσαλονίκης — Πωλήσεις & Υποστήριξη (grafeio@bellsystems.gr)?');
    expect(api.requests.some((r) => r.method === 'DELETE')).toBe(false);
    await dialog.findAll('button').find((b) => b.text() === 'Remove')!.trigger('click');
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/api/crm/mail/accounts/acc1']);
  });
});
