import type { Clock } from '../http/deps.js';
import { ApiError, notFound, unprocessable } from '../http/errors.js';
import { assertVersion, docVersion, type Precondition } from '../http/versions.js';
import type { UserDirectory } from '../auth/auth.types.js';
import { customerPath, productPath } from '../shared/collections.js';
import type { Actor } from '../shared/actor.js';
import type { Doc, DocStore, Transaction } from '../store/docstore.js';
import {
  VISITS,
  installationPath,
  visitPath,
  type Installation,
  type Visit,
  type VisitCreate,
  type VisitUpdate,
  type VisitWriteResult,
  type Warning,
} from './installations.schema.js';
import { readInstallation, readVisit, storedVisit } from './installation-read.js';
import { InstallationsService } from './installations.service.js';
import { customerInstallations } from './owned-items.js';
import { athensDate } from './service-dates.js';

type Part = Visit['parts'][number];

const entries = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null) : [];
const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** A maintenance visit that did not end `not_fixed` is a service done: it moves the next due date. */
const completesService = (visit: Visit): boolean => visit.kind === 'maintenance' && visit.outcome !== 'not_fixed';

/** How many of each product the parts use. */
function partTotals(parts: readonly Part[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const part of parts) totals.set(part.product_id, (totals.get(part.product_id) ?? 0) + part.quantity);
  return totals;
}

/**
 * Service visits: each records what a technician did at one installation. A visit's parts
 * come off the products' stock in the visit's transaction (an edit takes off or puts back
 * the difference); using more than the recorded stock is a warning, not a refusal, since the
 * shelf count may be wrong. The installation's last service (and so its next due date) and
 * its firmware follow its visits.
 */
export class VisitsService {
  private readonly installations: InstallationsService;

  constructor(
    private readonly store: DocStore,
    private readonly clock: Clock,
    private readonly users: UserDirectory,
  ) {
    this.installations = new InstallationsService(store, clock);
  }

  async list(installationId: string): Promise<Visit[]> {
    if (!(await this.store.get(installationPath(installationId)))) throw notFound('Installation');
    const docs = await this.store.query({ collection: VISITS, where: [{ field: 'installation_id', op: '==', value: installationId }] });
    return docs.map((doc) => readVisit(doc.id, doc.data)).sort((a, b) => b.date.localeCompare(a.date) || b.created_at.getTime() - a.created_at.getTime());
  }

  async create(installationId: string, body: VisitCreate, actor: Actor): Promise<VisitWriteResult> {
    this.assertNotFuture(body.date);
    const technician = await this.technician(body.technician_uid ?? actor.uid, actor);
    const id = this.store.newId();
    return this.store.runTransaction(async (tx) => {
      const installationDoc = await tx.get(installationPath(installationId));
      if (!installationDoc) throw notFound('Installation');
      const installation = readInstallation(installationDoc.id, installationDoc.data);
      const now = this.clock.now();
      const visit: Visit = {
        id,
        installation_id: installationId,
        customer_id: installation.customer_id,
        date: body.date,
        technician_uid: technician.uid,
        technician_name: technician.name,
        kind: body.kind,
        work_done: body.work_done,
        parts: body.parts,
        minutes_on_site: body.minutes_on_site,
        outcome: body.outcome,
        issue_id: body.issue_id,
        firmware_version: body.firmware_version,
        created_at: now,
        updated_at: now,
        updated_by: actor.name,
        version: '',
      };
      return this.write(tx, installation, visit, [], actor);
    });
  }

  async update(visitId: string, body: VisitUpdate, actor: Actor, precondition?: Precondition): Promise<VisitWriteResult> {
    if (body.date !== undefined) this.assertNotFuture(body.date);
    const technician = body.technician_uid !== undefined ? await this.technician(body.technician_uid, actor) : null;
    return this.store.runTransaction(async (tx) => {
      const doc = await tx.get(visitPath(visitId));
      if (!doc) throw notFound('Visit');
      const current = readVisit(doc.id, doc.data);
      assertVersion(precondition, doc.data, () => current);
      const installationDoc = await tx.get(installationPath(current.installation_id));
      if (!installationDoc) throw notFound('Installation');
      const given = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as Partial<Visit>;
      const next: Visit = {
        ...current,
        ...given,
        ...(technician ? { technician_uid: technician.uid, technician_name: technician.name } : {}),
        updated_at: this.clock.now(),
        updated_by: actor.name,
      };
      if (next.kind === 'firmware_update' && next.firmware_version === null) {
        throw new ApiError('validation_failed', 'Invalid body: firmware_version: a firmware update records the version installed', [
          { path: 'firmware_version', message: 'a firmware update records the version installed' },
        ]);
      }
      return this.write(tx, readInstallation(installationDoc.id, installationDoc.data), next, current.parts, actor);
    });
  }

  private assertNotFuture(day: string): void {
    const today = athensDate(this.clock.now());
    if (day > today) {
      throw new ApiError('validation_failed', `Invalid body: date: must not be after today (${today})`, [
        { path: 'date', message: `must not be after today (${today})` },
      ]);
    }
  }

  private async technician(uid: string, actor: Actor): Promise<Actor> {
    if (uid === actor.uid) return actor;
    const user = await this.users.find(uid);
    if (!user) throw unprocessable('No such user', [{ path: 'technician_uid', message: 'is not a user' }]);
    return { uid: user.uid, name: user.displayName || user.email || user.uid };
  }

  /** The visit, the stock its parts change, and the installation's service and firmware, in `tx`. */
  private async write(tx: Transaction, installation: Installation, visit: Visit, previousParts: readonly Part[], actor: Actor): Promise<VisitWriteResult> {
    const customer = await tx.get(customerPath(installation.customer_id));
    if (!customer) throw notFound('Customer');
    if (visit.issue_id !== null && !entries(customer.data.technical_issues).some((issue) => issue.id === visit.issue_id)) {
      throw unprocessable("No such technical issue of this installation's customer", [{ path: 'issue_id', message: 'is not a technical issue of this customer' }]);
    }
    const used = partTotals(visit.parts);
    const returned = partTotals(previousParts);
    const productIds = [...new Set([...used.keys(), ...returned.keys()])];
    const products = new Map<string, Doc>();
    for (const [index, doc] of (await tx.getAll(productIds.map(productPath))).entries()) {
      if (doc) products.set(productIds[index]!, doc);
    }
    const missing = visit.parts.findIndex((part) => !products.has(part.product_id));
    if (missing >= 0) throw unprocessable('No such product in the catalogue', [{ path: `parts.${missing}.product_id`, message: 'is not a product' }]);
    const siblings = await tx.query({ collection: VISITS, where: [{ field: 'installation_id', op: '==', value: installation.id }] });
    const visits = [...siblings.filter((doc) => doc.id !== visit.id).map((doc) => readVisit(doc.id, doc.data)), visit];

    const warnings: Warning[] = [];
    const stockWrites: [string, number][] = [];
    for (const [productId, doc] of products) {
      const delta = (used.get(productId) ?? 0) - (returned.get(productId) ?? 0);
      if (delta === 0) continue;
      const stock = (doc.data.stock ?? {}) as Record<string, unknown>;
      const onHand = count(stock.on_hand);
      const available = onHand - count(stock.reserved);
      if (delta > available) {
        const index = visit.parts.findIndex((part) => part.product_id === productId);
        warnings.push({
          path: `parts.${index}.quantity`,
          message: `${delta} of ${String(doc.data.name)} used but only ${Math.max(available, 0)} available in stock; recorded anyway, check the stock count`,
        });
      }
      stockWrites.push([productId, Math.max(onHand - delta, 0)]);
    }

    const lastService = visits.filter(completesService).map((v) => v.date).sort().at(-1) ?? null;
    const firmware = visit.kind === 'firmware_update' && visit.firmware_version !== null && visit.firmware_version !== installation.firmware_version
      ? visit.firmware_version
      : null;
    const nextInstallation: Installation = {
      ...installation,
      last_service_on: lastService,
      ...(firmware
        ? {
            firmware_version: firmware,
            firmware_history: [
              ...installation.firmware_history,
              this.installations.firmwareChange(firmware, installation.firmware_version, actor, visit.updated_at, visit.id),
            ],
          }
        : {}),
      updated_at: visit.updated_at,
      updated_by: actor.name,
    };
    const siblingInstallations = await customerInstallations(tx, installation.customer_id, [nextInstallation]);
    const storedVisitData = storedVisit(visit, actor.uid);
    tx.set(visitPath(visit.id), storedVisitData);
    for (const [productId, onHand] of stockWrites) {
      tx.update(productPath(productId), {
        'stock.on_hand': onHand,
        updated_at: visit.updated_at,
        updated_by: actor.name,
        updated_by_uid: actor.uid,
      });
    }
    const written = await this.installations.write(tx, nextInstallation, {
      customer: customer.data,
      reserve: false,
      actor,
      siblings: siblingInstallations,
    });
    return { visit: { ...visit, version: docVersion(storedVisitData) }, installation: written, warnings };
  }
}
