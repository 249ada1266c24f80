import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Router } from 'vue-router';
import { installFakeApi } from '../test-support/fake-api';
import type { FakeAuth } from '../test-support/fake-auth';
import { byLabel, byText, mountApp } from '../test-support/mount-app';

const accounts = { 'admin@bellsystems.gr': { uid: 'u-admin', password: 'demo-admin-pass' } };

let backend: FakeAuth;
let router: Router;
let wrapper: VueWrapper;

async function mountSignIn(path = '/sign-in?redirect=/orders'): Promise<void> {
  ({ wrapper, router, backend } = await mountApp(path, accounts, null));
}

const input = (label: string) => byLabel(wrapper, label);

function describedError(label: string): string | null {
  const describedBy = input(label).attributes('aria-describedby');
  return describedBy ? wrapper.find(`[id="${describedBy}"]`).text() : null;
}

const submit = async (): Promise<void> => {
  await wrapper.find('form').trigger('submit');
  await flushPromises();
};

beforeEach(() => {
  installFakeApi({
    'GET /api/me': () => ({ status: 200, body: { uid: 'u-admin', email: 'admin@bellsystems.gr', name: 'Demo Admin', role: 'admin' } }),
  });
});
afterEach(() => {
  wrapper.unmount();
  vi.unstubAllGlobals();
});

describe('sign-in form', () => {
  it('shows the email and password fields by their labels', async () => {
    await mountSignIn();
    expect(input('Email').attributes('type')).toBe('email');
    expect(input('Email').attributes('autocomplete')).toBe('username');
    expect(input('Password').attributes('type')).toBe('password');
    expect(wrapper.find('button[type="submit"]').text()).toBe('Sign in');
  });

  it('refuses an empty form, names both missing fields and focuses the first', async () => {
    await mountSignIn();
    await submit();
    expect(describedError('Email')).toBe('Enter your email address.');
    expect(describedError('Password')).toBe('Enter your password.');
    expect(input('Email').attributes('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(input('Email').element);
    expect(backend.signIns).toHaveLength(0);
  });

  it('refuses a malformed email and a too-short password', async () => {
    await mountSignIn();
    await input('Email').setValue('admin.bellsystems.gr');
    await input('Password').setValue('12345');
    await submit();
    expect(describedError('Email')).toBe('Enter a valid email address, like name@example.com.');
    expect(describedError('Password')).toBe('The password has at least 6 characters.');
    expect(backend.signIns).toHaveLength(0);
  });

  it('clears a field error as soon as the field is fixed', async () => {
    await mountSignIn();
    await submit();
    await input('Email').setValue('admin@bellsystems.gr');
    expect(describedError('Email')).toBeNull();
    expect(input('Email').attributes('aria-invalid')).toBeUndefined();
    expect(describedError('Password')).toBe('Enter your password.');
    expect(document.activeElement).toBe(input('Email').element);
    await submit();
    expect(document.activeElement).toBe(input('Password').element);
  });

  it('signs in with the trimmed email and goes to the page that was asked for', async () => {
    await mountSignIn();
    await input('Email').setValue('  admin@bellsystems.gr ');
    await input('Password').setValue('demo-admin-pass');
    await submit();
    expect(backend.signIns).toEqual([{ email: 'admin@bellsystems.gr', password: 'demo-admin-pass' }]);
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/orders'), 8000);
  });

  it('says so when the password is wrong, and stays', async () => {
    await mountSignIn();
    await input('Email').setValue('admin@bellsystems.gr');
    await input('Password').setValue('not-the-password');
    await submit();
    expect(wrapper.find('[role="alert"]').text()).toBe('Wrong email or password.');
    expect(router.currentRoute.value.name).toBe('sign-in');
  });

  it('speaks Greek when the user picks ΕΛ', async () => {
    await mountSignIn();
    await byText(wrapper, 'button', 'ΕΛ').trigger('click');
    await submit();
    expect(describedError('Email')).toBe('Συμπληρώστε τη διεύθυνση email σας.');
    expect(input('Κωδικός').exists()).toBe(true);
  });
});
