/**
 * The customers list windowed over many customers, in the browser against the embedded server:
 * only the rows near the viewport are in the page, so scrolling must still show every customer
 * in its place, with no gap, in order for the eye, for the keyboard (DOM order is tab order) and
 * for assistive technology (aria-rowindex), down to the last one and back up.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerCreateSchema } from '../../functions/src/customers/customers.schema';
import { CustomersService } from '../../functions/src/customers/customers.service';
import { startE2E, type E2E } from './support/harness';

const CUSTOMERS = 240;
/** "Καμπαναριό 001" …: the list sorts by name, so customer n is row n + 1 (the header is row 1). */
const nameOf = (n: number) => `Καμπαναριό ${String(n).padStart(3, '0')}`;

let e2e: E2E;
let page: Page;

interface ShownRow {
  index: number;
  name: string;
  top: number;
  bottom: number;
}

/** Until the page has rendered twice: the scroll has been handled and its rows drawn. */
async function renderedFrames(): Promise<void> {
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
}

/** The rendered rows in DOM order, with where each is on screen. */
async function renderedRows(): Promise<ShownRow[]> {
  return (await page.evaluate(`[...document.querySelectorAll('.customer-rows [role="row"]')].map((row) => {
    const box = row.getBoundingClientRect();
    return { index: Number(row.getAttribute('aria-rowindex')), name: row.querySelector('a').textContent, top: box.top, bottom: box.bottom };
  })`)) as ShownRow[];
}

/** Every row is its own customer, in order by every measure, and the viewport below the header has no gap. */
async function expectRowsInPlace(): Promise<ShownRow[]> {
  const rows = await renderedRows();
  expect(rows.length).toBeGreaterThan(0);
  for (const [i, row] of rows.entries()) {
    expect(row.name).toBe(nameOf(row.index - 1));
    if (i === 0) continue;
    const previous = rows[i - 1]!;
    expect(row.index).toBe(previous.index + 1);
    expect(Math.abs(row.top - previous.bottom)).toBeLessThan(1.5);
  }
  const viewport = page.viewportSize()!;
  const header = await page.getByRole('row').first().boundingBox();
  const visibleFrom = Math.max(0, header!.y + header!.height);
  const last = rows.at(-1)!;
  expect(rows[0]!.top).toBeLessThanOrEqual(visibleFrom + 1);
  if (last.index <= CUSTOMERS) expect(last.bottom).toBeGreaterThanOrEqual(viewport.height - 1);
  return rows;
}

beforeAll(async () => {
  e2e = await startE2E();
  const service = new CustomersService(e2e.server.deps.store, e2e.server.deps.clock);
  const actor = { name: 'E2E', uid: 'e2e' };
  // Created out of order, so the list's order is the server's sorting, not the creation order.
  let next = 0;
  const creator = async () => {
    for (let i = next++; i < CUSTOMERS; i = next++) {
      const n = ((i * 97) % CUSTOMERS) + 1;
      await service.create(customerCreateSchema.parse({ name: nameOf(n), relationship_status: 'lead', tags: n % 2 ? ['church'] : [] }), actor);
    }
  };
  await Promise.all(Array.from({ length: 8 }, creator));
  page = await e2e.newPage();
  await e2e.signIn(page, 'viewer');
  await page.goto(`${e2e.server.url}/customers`);
  await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
}, 120_000);

afterAll(async () => {
  await e2e?.close();
});

describe('customers list, windowed', () => {
  it('shows each customer in its place while scrolling with the wheel, to the last and back', { timeout: 120_000 }, async () => {
    await page.getByRole('link', { name: nameOf(1) }).waitFor();
    const table = page.getByRole('table', { name: 'Customers' });
    expect(await table.getAttribute('aria-rowcount')).toBe(String(CUSTOMERS + 1));
    const first = await expectRowsInPlace();
    expect(first[0]!.index).toBe(2);
    expect(first.length).toBeLessThan(60);

    await page.mouse.move(700, 600);
    let last = 0;
    while (last < CUSTOMERS + 1) {
      await page.mouse.wheel(0, 700);
      await renderedFrames();
      const rows = await expectRowsInPlace();
      expect(rows.length).toBeLessThan(60);
      const shownLast = rows.at(-1)!.index;
      expect(shownLast).toBeGreaterThanOrEqual(last);
      if (shownLast === last && (await page.evaluate('innerHeight + scrollY >= document.scrollingElement.scrollHeight - 1'))) break;
      last = shownLast;
    }
    expect(last).toBe(CUSTOMERS + 1);
    await e2e.screenshot(page, 'customers-list-scrolled-to-end');

    await page.mouse.wheel(0, -2100);
    await renderedFrames();
    await expectRowsInPlace();
    await page.evaluate('scrollTo(0, 0)');
    await renderedFrames();
    expect((await expectRowsInPlace())[0]!.index).toBe(2);
  });

  it('opens the customer whose name is clicked, inside the app', async () => {
    await page.evaluate('window.stillThisPage = true');
    await page.getByRole('link', { name: nameOf(3) }).click();
    await page.getByRole('heading', { name: nameOf(3), level: 1 }).waitFor();
    await page.goBack();
    await page.getByRole('link', { name: nameOf(1) }).waitFor();
    // Both ways inside the running app: a page load would have dropped this mark.
    expect(await page.evaluate('window.stillThisPage')).toBe(true);
  });
});
