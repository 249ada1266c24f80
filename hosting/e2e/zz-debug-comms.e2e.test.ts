import { it } from 'vitest';
import { startE2E } from './support/harness';
it('debug', async () => {
  const e2e = await startE2E({ seed: true });
  const page = await e2e.newPage();
  page.on('console', (m) => console.log('console', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  await e2e.signIn(page, 'editor');
  const { email, password } = e2e.login('editor');
  await page.goto(`${e2e.server.url}/customers`);
  await page.waitForTimeout(1500);
  const href = await page.locator('a[href^="/customers/"]').first().getAttribute('href').catch(() => null);
  console.log('href', href);
  await page.goto(`${e2e.server.url}${href ?? '/customers/x'}?tab=files`);
  await page.waitForTimeout(3000);
  console.log(await page.locator('main').innerText());
  await page.screenshot({ path: '/tmp/dbg/files.png', fullPage: true });
  await e2e.close();
}, 120000);
