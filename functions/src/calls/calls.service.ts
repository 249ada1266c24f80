import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../auth/auth.types.js';
import type { CommsLog } from '../comms/comms.log.js';
import { commsPage } from '../comms/comms.service.js';
import type { CommsEntry, CommsPage } from '../comms/comms.schema.js';
import type { SeqCursor } from '../comms/comms.seq.js';
import { readContact } from '../customers/customer-read.js';
import { CUSTOMERS } from '../shared/collections.js';
import { inboundSafe, inboundTime } from '../shared/inbound.js';
import type { AppDeps } from '../app/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import type { JournalRecord } from '../journal/journal.repository.js';
import type { JournalProcessor } from '../journal/journal.service.js';
import { normalizePhone } from '../search/phone.js';
import type { BridgeCheckin, CallsRepository } from './calls.repository.js';
import { callDeliverySchema, type CallRecord, type OriginateRequest } from './calls.schema.js';

export type CallsDeps = Pick<AppDeps, 'sql' | 'store' | 'clock' | 'logger'>;

/** The comms entry's ext_message_id of a call: one entry per PBX and Linkedid. */
export const callExtId = (call: Pick<CallRecord, 'pbx' | 'linkedid'>): string => `${call.pbx}:${call.linkedid}`;

/**
 * Logs one finished call (idempotent on PBX and Linkedid): matched to a customer by the
 * external number, else the Unassigned inbox. A missed inbound call from a known number opens
 * a follow-up; an answered call with a number closes the follow-ups that came before it.
 */
export async function logCall(deps: CallsDeps, comms: CommsLog, calls: CallsRepository, call: CallRecord): Promise<CommsEntry> {
  const staff = await calls.staffByExtensions([...new Set([...call.extensions_rang, ...call.extensions_answered])]);
  const person = call.answered_by ? staff.get(call.answered_by) : undefined;
  const unanswered = call.disposition !== 'answered';
  // The caller's name and number come from the phone network: stored whatever they hold, made visible.
  const { entry } = await comms.log(
    inboundSafe({
    type: 'call',
    direction: call.direction,
    ext_message_id: callExtId(call),
    address: call.external_number ?? null,
    occurred_at: inboundTime(new Date(call.started_at), deps.clock.now()).at,
    ...callSummary(call, (extension) => staff.get(extension)?.name ?? null),
    disposition: call.disposition,
    duration_seconds: call.talk_seconds,
    follow_up: call.direction === 'inbound' && unanswered && call.external_number ? 'open' : null,
    logged_by: person?.name ?? (call.answered_by ? `ext. ${call.answered_by}` : null),
    logged_by_uid: person?.uid ?? null,
    details: {
      pbx: call.pbx,
      linkedid: call.linkedid,
      external_raw: call.external_raw,
      caller_name: call.caller_name,
      did: call.did,
      queue: call.queue,
      extensions_rang: call.extensions_rang,
      answered_by: call.answered_by,
      extensions_answered: call.extensions_answered,
      staff: Object.fromEntries([...staff.values()].map((s) => [s.extension, { uid: s.uid, name: s.name }])),
      started_at: call.started_at,
      answered_at: call.answered_at,
      ended_at: call.ended_at,
      hangup_cause: call.hangup_cause,
      hangup_cause_text: call.hangup_cause_text,
      transfers: call.transfers,
      legs: call.legs,
      originate_id: call.originate_id,
    },
    }),
  );
  if (!unanswered && entry.address) {
    await comms.closeFollowUpsFor(entry.address, new Date(call.started_at), `call ${callExtId(call)}`);
  }
  return entry;
}

const dispositionLabels: Record<CallRecord['disposition'], [inbound: string, outbound: string]> = {
  answered: ['Call from', 'Call to'],
  missed: ['Missed call from', 'Unanswered call to'],
  busy: ['Busy: call from', 'Busy: call to'],
  failed: ['Failed call from', 'Failed call to'],
  voicemail: ['Voicemail from', 'Voicemail at'],
};

/**
 * The entry's subject and body: what the timeline shows and full-text search finds (a number,
 * an extension, a staff name). Plain text; the SPA shows the details beside it.
 */
export function callSummary(call: CallRecord, nameOf: (extension: string) => string | null): { subject: string; body: string } {
  const who = (extension: string) => {
    const name = nameOf(extension);
    return name ? `${name} (${extension})` : extension;
  };
  const [fromLabel, toLabel] = dispositionLabels[call.disposition];
  const party = call.external_number ?? call.external_raw ?? 'withheld number';
  const parts: string[] = [];
  if (call.answered_by) parts.push(`${call.direction === 'outbound' ? 'Placed by' : 'Answered by'} ${who(call.answered_by)}`);
  const unanswered = call.extensions_rang.filter((e) => !call.extensions_answered.includes(e));
  if (unanswered.length > 0) parts.push(`Rang ${unanswered.map(who).join(', ')}`);
  if (call.disposition === 'answered') parts.push(`Talk ${Math.floor(call.talk_seconds / 60)}:${String(call.talk_seconds % 60).padStart(2, '0')}`);
  for (const transfer of call.transfers) parts.push(`Transferred ${transfer.by ? who(transfer.by) : ''} → ${transfer.to ? who(transfer.to) : '?'}`.replace('  ', ' '));
  if (call.queue) parts.push(`Queue ${call.queue}`);
  if (call.did) parts.push(`Line ${call.did}`);
  if (call.caller_name) parts.push(`Caller ID name ${call.caller_name}`);
  return { subject: `${call.direction === 'outbound' ? toLabel : fromLabel} ${party}`, body: parts.join(' · ') };
}

/** The journal's processor for source 'call': the raw delivery → logCall; `comms` and `calls`: what the wiring built. */
export function callJournalProcessor(deps: CallsDeps, comms: CommsLog, calls: CallsRepository): JournalProcessor {
  return async (record: JournalRecord) => {
    if (!record.raw) throw new Error(`call journal record ${record.id} has no bytes`);
    const delivery = callDeliverySchema.parse(JSON.parse(record.raw.toString('utf8')));
    await logCall(deps, comms, calls, delivery.call);
  };
}

/** What the CRM can dial: national digits for Greece, 00 and the country code otherwise (FreePBX outbound routes). */
export function dialString(e164: string): string {
  return e164.startsWith('+30') ? e164.slice(3) : `00${e164.slice(1)}`;
}

export class CallsService {
  constructor(
    private readonly deps: CallsDeps,
    private readonly comms: CommsLog,
    private readonly calls: CallsRepository,
  ) {}

  async openFollowUps(limit: number, cursor: SeqCursor | undefined, customerId: string | undefined): Promise<CommsPage> {
    return commsPage(await this.comms.openFollowUps(limit + 1, cursor, customerId), limit);
  }

  async closeFollowUp(id: string, user: AuthUser): Promise<CommsEntry> {
    const entry = await this.comms.get(id);
    if (!entry || entry.type !== 'call' || entry.follow_up === null) throw notFound('Call follow-up');
    if (entry.follow_up === 'open') await this.comms.setFollowUp(id, 'done', user.name || user.email || user.uid);
    const updated = await this.comms.get(id);
    if (!updated) throw notFound('Call follow-up');
    return updated;
  }

  async extension(user: AuthUser): Promise<{ extension: string | null }> {
    return { extension: await this.calls.extensionOf(user.uid) };
  }

  async setExtension(user: AuthUser, extension: string | null): Promise<{ extension: string | null }> {
    if (!(await this.calls.setExtension(user.uid, extension, user.name || user.email || null, this.deps.clock.now()))) {
      throw new ApiError('conflict', `Extension ${extension} belongs to someone else`);
    }
    return { extension };
  }

  /** Queues a click-to-call for the bridge: ring the user's extension, then dial the customer's number. */
  async clickToCall(customerId: string, body: { contact_id?: string | undefined; phone?: string | undefined }, user: AuthUser): Promise<OriginateRequest> {
    const extension = await this.calls.extensionOf(user.uid);
    if (!extension) throw new ApiError('conflict', 'Set your phone extension in Settings first');
    const doc = await this.deps.store.get(`${CUSTOMERS}/${customerId}`);
    if (!doc) throw notFound('Customer');
    const contacts = (Array.isArray(doc.data.contacts) ? (doc.data.contacts as Record<string, unknown>[]) : []).map((raw, index) => readContact(raw, index));
    const wanted = body.phone !== undefined ? normalizePhone(body.phone) : null;
    const contact = contacts.find((c) => (body.contact_id !== undefined ? c.id === body.contact_id : c.e164 !== null && c.e164 === wanted));
    const e164 = contact?.e164 ?? null;
    if (!contact || !e164) {
      throw new ApiError('validation_failed', 'Not a phone number of this customer', [
        { path: body.contact_id !== undefined ? 'contact_id' : 'phone', message: 'is not one of the customer’s phone contacts' },
      ]);
    }
    const name = typeof doc.data.name === 'string' ? doc.data.name : '';
    const request: OriginateRequest = {
      id: randomUUID(),
      extension,
      number: dialString(e164),
      caller_id: name || e164,
      requested_at: this.deps.clock.now().toISOString(),
    };
    await this.calls.queueOriginate({ ...request, customer_id: customerId, requested_by_uid: user.uid });
    originateQueued.notify();
    return request;
  }

  async bridges(): Promise<{ bridges: BridgeCheckin[] }> {
    return { bridges: await this.calls.checkins() };
  }
}

/**
 * Wakes the bridge's long poll in this process at once when a click-to-call is queued;
 * another process (another function instance) is found by the poll's periodic look.
 */
export const originateQueued = {
  waiters: new Set<() => void>(),
  notify(): void {
    for (const wake of this.waiters) wake();
  },
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  },
};
