import { createHash } from 'node:crypto';
import type { Clock } from '../http/deps.js';
import { ApiError, conflict, notFound, unprocessable } from '../http/errors.js';
import { assertVersion, docVersion, type Precondition } from '../http/versions.js';
import { customerPath, orderPath, productPath } from '../shared/collections.js';
import type { Actor } from '../shared/actor.js';
import { normalizeText } from '../search/normalize.js';
import { compactSerial } from '../search/serial-keys.js';
import type { DocData, DocStore, Transaction } from '../store/docstore.js';
import {
  SERIALS,
  VISITS,
  installationPath,
  type FirmwareChange,
  type Installation,
  type InstallationCreate,
  type InstallationUpdate,
} from './installations.schema.js';
import { readInstallation, storedInstallation } from './installation-read.js';
import { customerInstallations, ownedItemsWrite } from './owned-items.js';
import { addMonths } from './service-dates.js';

/** Where an installation's photos go, under its customer's Nextcloud folder. */
export const PHOTOS_ROOT = 'Εγκαταστάσεις';

/** A catalogue product's plan when the body names none (issue 21: "12 by default"). */
export const DEFAULT_INTERVAL_MONTHS = 12;

/**
 * The reservation of a serial: one document per (product, serial), created in the same
 * transaction as the installation, so of two concurrent creates of one serial one conflicts in
 * the store and, retried, sees the other's reservation. The serial is compared folded
 * ("vsp-24-0117" is "VSP 24/0117"); console devices share one "product".
 */
export function serialKey(productKey: string, serial: string): string {
  return createHash('sha256').update(`${productKey}\n${compactSerial(serial)}`).digest('hex').slice(0, 40);
}

export function productKeyOf(installation: Pick<Installation, 'product_id' | 'product_name' | 'device_id'>): string {
  if (installation.product_id) return installation.product_id;
  if (installation.device_id && !installation.product_name) return 'console';
  return `name:${normalizeText(installation.product_name)}`;
}

export const serialPath = (installation: Pick<Installation, 'product_id' | 'product_name' | 'device_id'>, serial: string): string =>
  `${SERIALS}/${serialKey(productKeyOf(installation), serial)}`;

export const photosFolderOf = (serial: string | null, id: string): string =>
  `${PHOTOS_ROOT}/${(serial ?? id).replace(/\//g, '-')}`;

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The customer an installation may be written for: it exists and is not archived. */
async function liveCustomer(tx: Transaction, customerId: string): Promise<DocData> {
  const customer = await tx.get(customerPath(customerId));
  if (!customer) throw notFound('Customer');
  if (customer.data.archived_at) {
    throw unprocessable('The customer is archived: restore it before recording an installation', [
      { path: 'customer_id', message: 'is archived' },
    ]);
  }
  return customer.data;
}

export class InstallationsService {
  constructor(
    private readonly store: DocStore,
    private readonly clock: Clock,
  ) {}

  async get(id: string): Promise<Installation> {
    const doc = await this.store.get(installationPath(id));
    if (!doc) throw notFound('Installation');
    return readInstallation(doc.id, doc.data);
  }

  async create(customerId: string, body: InstallationCreate, actor: Actor): Promise<Installation> {
    const id = this.store.newId();
    return this.store.runTransaction(async (tx) => {
      const customer = await liveCustomer(tx, customerId);
      const product = body.product_id ? await tx.get(productPath(body.product_id)) : null;
      if (body.product_id && !product) throw unprocessable('No such product in the catalogue', [{ path: 'product_id', message: 'is not a product' }]);
      if (body.order_id && !(await tx.get(orderPath(customerId, body.order_id)))) {
        throw unprocessable("No such order of this customer", [{ path: 'order_id', message: 'is not an order of this customer' }]);
      }
      const now = this.clock.now();
      const warrantyMonths = product?.data.warranty_months;
      const installation: Installation = {
        id,
        customer_id: customerId,
        product_id: body.product_id,
        product_name: product ? textOf(product.data.name) : '',
        device_id: body.device_id,
        serial_number: body.serial_number,
        site: body.site,
        installed_on: body.installed_on,
        installed_by: body.installed_by,
        order_id: body.order_id,
        warranty_until:
          body.warranty_until !== undefined
            ? body.warranty_until
            : typeof warrantyMonths === 'number'
              ? addMonths(body.installed_on, warrantyMonths)
              : null,
        firmware_version: body.firmware_version,
        firmware_history: body.firmware_version ? [this.firmwareChange(body.firmware_version, null, actor, now, null)] : [],
        state: 'active',
        replaced_by: null,
        service_interval_months: body.service_interval_months !== undefined ? body.service_interval_months : product ? DEFAULT_INTERVAL_MONTHS : null,
        last_service_on: null,
        next_service_due: null,
        notes: body.notes,
        photos_folder: photosFolderOf(body.serial_number, id),
        created_at: now,
        updated_at: now,
        updated_by: actor.name,
        version: '',
      };
      return this.write(tx, installation, { customer, reserve: true, actor });
    });
  }

  async update(id: string, body: InstallationUpdate, actor: Actor, precondition?: Precondition): Promise<Installation> {
    return this.store.runTransaction(async (tx) => {
      const doc = await tx.get(installationPath(id));
      if (!doc) throw notFound('Installation');
      const current = readInstallation(doc.id, doc.data);
      assertVersion(precondition, doc.data, () => current);
      const customer = await liveCustomer(tx, current.customer_id);
      if (body.replaced_by !== undefined && body.replaced_by !== null) {
        if (body.replaced_by === id || !(await tx.get(installationPath(body.replaced_by)))) {
          throw unprocessable('The replacement must be another recorded installation', [
            { path: 'replaced_by', message: 'is not another installation' },
          ]);
        }
      }
      const now = this.clock.now();
      const { site, state, replaced_by: replacedBy, ...fields } = body;
      const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<Installation>;
      const nextState = state ?? current.state;
      const next: Installation = {
        ...current,
        ...given,
        site: site ? { ...current.site, ...Object.fromEntries(Object.entries(site).filter(([, v]) => v !== undefined)) } : current.site,
        state: nextState,
        replaced_by: nextState === 'replaced' ? (replacedBy ?? current.replaced_by) : null,
        firmware_history:
          body.firmware_version !== undefined && body.firmware_version !== null && body.firmware_version !== current.firmware_version
            ? [...current.firmware_history, this.firmwareChange(body.firmware_version, current.firmware_version, actor, now, null)]
            : current.firmware_history,
        updated_at: now,
        updated_by: actor.name,
      };
      if (next.state === 'replaced' && next.replaced_by === null) {
        throw new ApiError('validation_failed', 'Invalid body: replaced_by: name the installation that replaced this one', [
          { path: 'replaced_by', message: 'name the installation that replaced this one' },
        ]);
      }
      const serialChanged = next.serial_number !== current.serial_number;
      return this.write(tx, next, { customer, reserve: serialChanged, actor, ...(serialChanged ? { previous: current } : {}) });
    });
  }

  /** An admin's delete: refused while visits record the unit's history (staff set `removed` instead). */
  async delete(id: string, actor: Actor): Promise<void> {
    await this.store.runTransaction(async (tx) => {
      const doc = await tx.get(installationPath(id));
      if (!doc) throw notFound('Installation');
      const current = readInstallation(doc.id, doc.data);
      const visits = await tx.query({ collection: VISITS, where: [{ field: 'installation_id', op: '==', value: id }], limit: 1 });
      if (visits.length > 0) {
        throw conflict('The installation has service visits: set its state to removed instead of deleting it');
      }
      const customer = await tx.get(customerPath(current.customer_id));
      const others = (await customerInstallations(tx, current.customer_id)).filter((installation) => installation.id !== id);
      tx.delete(doc.path);
      if (current.serial_number) tx.delete(serialPath(current, current.serial_number));
      const ownedItems = customer ? ownedItemsWrite(current.customer_id, customer.data, others, actor, this.clock.now()) : null;
      if (ownedItems) tx.update(customerPath(current.customer_id), ownedItems);
    });
  }

  firmwareChange(version: string, previous: string | null, actor: Actor, at: Date, visitId: string | null): FirmwareChange {
    return { version, previous, at, by: actor.name, by_uid: actor.uid, visit_id: visitId };
  }

  /**
   * Writes an installation, its serial reservation when `reserve` (releasing the one of
   * `previous`), and its customer's derived owned_items, all in `tx`. Its reads come first: a
   * caller that has written in `tx` already passes the customer's installations as `siblings`.
   */
  async write(
    tx: Transaction,
    installation: Installation,
    options: { customer: DocData; reserve: boolean; actor: Actor; previous?: Installation; siblings?: Installation[] },
  ): Promise<Installation> {
    const { serial_number: serial } = installation;
    if (options.reserve && serial) await this.assertSerialFree(tx, installation, serial);
    const siblings = options.siblings ?? (await customerInstallations(tx, installation.customer_id, [installation]));
    const withDue = readInstallation(installation.id, storedInstallation(installation, options.actor.uid));
    const stored = storedInstallation(withDue, options.actor.uid);
    tx.set(installationPath(installation.id), stored);
    const released = options.previous?.serial_number;
    if (options.previous && released) tx.delete(serialPath(options.previous, released));
    if (options.reserve && serial) {
      tx.set(serialPath(installation, serial), { installation_id: installation.id, customer_id: installation.customer_id, serial_number: serial });
    }
    const ownedItems = ownedItemsWrite(installation.customer_id, options.customer, siblings, options.actor, installation.updated_at);
    if (ownedItems) tx.update(customerPath(installation.customer_id), ownedItems);
    return { ...withDue, version: docVersion(stored) };
  }

  private async assertSerialFree(tx: Transaction, installation: Installation, serial: string): Promise<void> {
    const reservation = await tx.get(serialPath(installation, serial));
    if (!reservation || reservation.data.installation_id === installation.id) return;
    const holderId = textOf(reservation.data.customer_id);
    const holder = await tx.get(customerPath(holderId));
    const name = holder ? textOf(holder.data.name) : holderId;
    throw new ApiError(
      'conflict',
      `Serial ${serial} of this product is already installed at ${name} (customer ${holderId}, installation ${textOf(reservation.data.installation_id)})`,
      [{ path: 'serial_number', message: `already installed at ${name}` }],
    );
  }
}
