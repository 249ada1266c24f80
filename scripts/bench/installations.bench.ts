/**
 * The installed base's planning lists on the embedded store (libSQL DocStore): 5,000
 * installations over 2,000 customers in 40 towns, then p50/p95 of the lists a technician plans
 * from, as the API runs them (functions/src/installations/installations.lists.ts): due in the
 * next 30 days, overdue, warranty ending in 90 days, due in one region, and a serial search by
 * its last 4 characters. Target: p95 < 50 ms. Then the same on the Firestore adapter against the
 * in-process Firestore stand-in (@firestore-emulator/server; a real Firestore adds network time).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installationListQuerySchema, installationPath, type Installation } from '../../functions/src/installations/installations.schema.js';
import { readInstallation, storedInstallation } from '../../functions/src/installations/installation-read.js';
import { listInstallations } from '../../functions/src/installations/installations.lists.js';
import { addDays, addMonths } from '../../functions/src/installations/service-dates.js';
import { customerPath } from '../../functions/src/shared/collections.js';
import { loadIndexConfig } from '../../functions/src/store/indexes.js';
import { LibsqlDocStore } from '../../functions/src/store/libsql/libsql.store.js';
import { FirestoreDocStore } from '../../functions/src/store/firestore/firestore.store.js';
import type { DocStore } from '../../functions/src/store/docstore.js';
import { startFirestoreStandIn } from '../../functions/src/emulator/test-support/functions-emulator.js';
import { Firestore } from '@google-cloud/firestore';
import type { Bench } from './run.js';
import { fmt, line, percentile, sample } from './stats.js';

const INSTALLATIONS = 5000;
const CUSTOMERS = 2000;
const RUNS = 200;
const TODAY = '2026-12-07';
const REGIONS = ['Αττική', 'Μεσσηνία', 'Αργολίδα', 'Κρήτη', 'Ευρυτανία', 'Θεσσαλονίκη', 'Αχαΐα', 'Λέσβος'];
const TOWNS = Array.from({ length: 40 }, (_, i) => `Πόλη ${i}`);

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function installation(i: number, random: () => number): Installation {
  // Most units are serviced on plan: a few percent overdue, a twelfth due in any month.
  const serviced = random() < 0.9;
  const installedOn = serviced ? addDays('2019-01-01', Math.floor(random() * 2200)) : addDays(TODAY, -Math.floor(random() * 400));
  const town = Math.floor(random() * TOWNS.length);
  const at = new Date(Date.UTC(2024, 0, 1) + i * 60_000);
  return readInstallation(`inst${i}`, storedInstallation(
    {
      id: `inst${i}`,
      customer_id: `cust${i % CUSTOMERS}`,
      product_id: `prod${i % 7}`,
      product_name: `Vesper ${i % 7}`,
      device_id: null,
      serial_number: `VSP-${String(i % 90).padStart(2, '0')}-${String(i).padStart(5, '0')}`,
      site: { name: `Ι.Ν. Αγίου ${i}`, address: '', city: TOWNS[town]!, region: REGIONS[town % REGIONS.length]!, lat: null, lng: null },
      installed_on: installedOn,
      installed_by: '',
      order_id: null,
      warranty_until: addMonths(installedOn, 24 + (i % 4) * 12),
      firmware_version: '3.1',
      firmware_history: [],
      state: random() < 0.05 ? 'removed' : 'active',
      replaced_by: null,
      service_interval_months: 12,
      last_service_on: serviced ? addDays(TODAY, -Math.floor(random() * 380)) : null,
      next_service_due: null,
      notes: '',
      photos_folder: null,
      created_at: at,
      updated_at: at,
      updated_by: 'bench',
      version: '',
    },
    'bench',
  ));
}

async function seedAndMeasure(store: DocStore, where: string): Promise<void> {
  const random = rng(21);
  for (let start = 0; start < CUSTOMERS; start += 500) {
    const batch = store.batch();
    for (let i = start; i < Math.min(CUSTOMERS, start + 500); i++) {
      batch.set(customerPath(`cust${i}`), {
        name: `Ενορία ${i}`,
        contacts: [{ id: `c${i}`, type: 'phone', label: '', value: `+30 210 ${String(i).padStart(7, '0')}`, primary: true }],
        technical_issues: [],
      });
    }
    await batch.commit();
  }
  for (let start = 0; start < INSTALLATIONS; start += 500) {
    const batch = store.batch();
    for (let i = start; i < Math.min(INSTALLATIONS, start + 500); i++) {
      const unit = installation(i, random);
      batch.set(installationPath(unit.id), storedInstallation(unit, 'bench'));
    }
    await batch.commit();
  }

  const cases: [string, Record<string, string>][] = [
    ['due in the next 30 days', { due_before: addDays(TODAY, 30) }],
    ['overdue', { overdue: 'true' }],
    ['warranty ending in 90 days', { warranty_before: addDays(TODAY, 90) }],
    ['due in 90 days, one region', { due_before: addDays(TODAY, 90), region: 'Μεσσηνία' }],
    ['serial search, last 4 characters', { serial: '' }],
  ];
  for (const [label, raw] of cases) {
    let size = 0;
    try {
      const samples = await sample(RUNS, async (i) => {
        const query = installationListQuerySchema.parse(raw.serial === undefined ? raw : { serial: String((i * 37) % INSTALLATIONS).padStart(5, '0').slice(-4) });
        const page = await listInstallations(store, query, TODAY);
        size = page.installations.length;
      });
      line(`${label} (${where})`, { rows: size, p50: fmt(percentile(samples, 50)), p95: fmt(percentile(samples, 95)), target: 'p95 < 50 ms' });
    } catch (err) {
      line(`${label} (${where})`, { failed: (err as Error).message.split('\n')[0]! });
    }
  }
}

const bench: Bench = {
  name: 'installations: planning lists and serial search, 5,000 installations over 2,000 customers',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'installations-bench-'));
    try {
      const store = await LibsqlDocStore.open({ url: pathToFileURL(join(dir, 'bench.db')).href, indexes: loadIndexConfig() });
      await seedAndMeasure(store, 'embedded');
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const standIn = await startFirestoreStandIn();
    try {
      await seedAndMeasure(new FirestoreDocStore(new Firestore({ projectId: 'demo-bench', host: standIn.host, ssl: false }), { indexes: loadIndexConfig() }), 'Firestore stand-in');
    } finally {
      standIn.stop();
    }
  },
};

export default bench;
