/**
 * Sign-in accounts in the browser, on the embedded server's own sign-in: an admin creates a user
 * in Settings on a 360 px phone, the new user's first sign-in forces a new password, and once
 * the admin disables them their session gets 401 and the SPA sends them back to sign in.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support/harness';

const phone = { width: 360, height: 740 };
let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

async function fitsViewport(page: Page): Promise<void> {
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(scroll, `the page is ${scroll}px wide in a ${inner}px viewport`).toBeLessThanOrEqual(inner);
}

describe('accounts', () => {
  it('create on a phone → first sign-in chooses a new password → disable → signed out', async () => {
    const admin = await e2e.newPage({ viewport: phone });
    await e2e.signIn(admin, 'admin');
    await admin.goto(`${e2e.server.url}/settings`);
    await admin.getByRole('button', { name: 'New user' }).click();
    const form = admin.getByRole('dialog', { name: 'New user' });
    await form.getByLabel('Name').fill('Αναστασία Κωνσταντινοπούλου-Παπαδημητρίου');
    await form.getByLabel('Email').fill('Anastasia.K@BellSystems.gr');
    await form.getByLabel('Role').selectOption('editor');
    await form.getByRole('button', { name: 'Create' }).click();
    const temporary = (await admin.locator('.credential__secret').textContent())!.trim();
    expect(temporary).toMatch(/^[A-Za-z0-9]{12}$/);
    await expect.poll(() => admin.getByRole('cell', { name: 'anastasia.k@bellsystems.gr' }).count()).toBe(1);
    await fitsViewport(admin);
    await e2e.screenshot(admin, 'accounts-created-phone');

    const user = await e2e.newPage({ viewport: phone, locale: 'el-GR' });
    await user.goto(`${e2e.server.url}/sign-in`);
    await user.locator('input[type="email"]').fill('anastasia.k@bellsystems.gr');
    await user.locator('input[type="password"]').fill(temporary);
    await user.locator('form button[type="submit"]').click();
    await user.getByRole('heading', { name: 'Επιλέξτε νέο κωδικό' }).waitFor();
    await fitsViewport(user);
    await e2e.screenshot(user, 'accounts-choose-password-el');
    await user.getByLabel('Προσωρινός κωδικός').fill(temporary);
    await user.getByLabel('Νέος κωδικός', { exact: true }).fill('Καμπάνες-της-Αγίας-Σοφίας');
    await user.getByLabel('Νέος κωδικός ξανά').fill('Καμπάνες-της-Αγίας-Σοφίας');
    await user.getByRole('button', { name: 'Αποθήκευση και συνέχεια' }).click();
    await user.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    const token = await user.evaluate(() => (JSON.parse(localStorage.getItem('bellsystems.session') ?? 'null') as { token: string }).token);
    const me = await fetch(`${e2e.server.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ email: 'anastasia.k@bellsystems.gr', role: 'editor', name: 'Αναστασία Κωνσταντινοπούλου-Παπαδημητρίου' });

    await admin.getByRole('group', { name: /Actions for Αναστασία/ }).getByRole('button', { name: 'Disable' }).click();
    await admin.getByRole('dialog', { name: 'Disable user' }).getByRole('button', { name: 'Confirm' }).click();
    await admin.getByText('Αναστασία Κωνσταντινοπούλου-Παπαδημητρίου is disabled.').waitFor();
    const after = await fetch(`${e2e.server.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);

    // The next call the SPA makes is refused: it forgets the session and asks to sign in, and a new sign-in says why not.
    await user.goto(`${e2e.server.url}/customers`);
    await user.waitForURL((url) => url.pathname.startsWith('/sign-in'));
    expect(await user.evaluate(() => localStorage.getItem('bellsystems.session'))).toBeNull();
    await user.locator('input[type="email"]').fill('anastasia.k@bellsystems.gr');
    await user.locator('input[type="password"]').fill('Καμπάνες-της-Αγίας-Σοφίας');
    await user.locator('form button[type="submit"]').click();
    await user.getByRole('alert').getByText('Ο λογαριασμός είναι απενεργοποιημένος', { exact: false }).waitFor();
  });
});
