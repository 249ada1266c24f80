/**
 * What the call builder (call.builder.ts) gathers per call, the channels Asterisk gives one
 * Linkedid, and the record a finished call becomes: direction, the outside number, who answered,
 * talk time and, when nobody did, why (busy, missed, voicemail, failed).
 */
import type { CallLeg, CallRecord, CallTransfer } from '../functions/src/calls/calls.schema.js';
import { normalizePhone } from '../functions/src/search/phone.js';

export type ChannelKind = CallLeg['kind'];

export interface Channel {
  name: string;
  uniqueid: string;
  kind: ChannelKind;
  extension: string | null;
  context: string;
  exten: string;
  callerNum: string;
  callerName: string;
  /** For a dialled trunk leg: the number as dialled. */
  dialled: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  cause: number | null;
  causeText: string | null;
}

export interface DialOutcome {
  kind: ChannelKind;
  status: string;
}

export interface Call {
  linkedid: string;
  channels: Map<string, Channel>;
  live: number;
  /** The channel whose Uniqueid is the Linkedid was seen: the call is known from its start. */
  rootSeen: boolean;
  rang: string[];
  answered: string[];
  personAnsweredAt: Date | null;
  trunkAnsweredAt: Date | null;
  dials: DialOutcome[];
  voicemail: boolean;
  did: string | null;
  queue: string | null;
  originateId: string | null;
  transfers: CallTransfer[];
  /** A consultation call joined into another by an attended transfer. */
  mergedInto: string | null;
  finishTimer: NodeJS.Timeout | null;
}

const WITHHELD = new Set(['', '<unknown>', 'unknown', 'anonymous', 'restricted', 'private', 'unavailable']);

export function newCall(linkedid: string): Call {
  return {
    linkedid,
    channels: new Map(),
    live: 0,
    rootSeen: false,
    rang: [],
    answered: [],
    personAnsweredAt: null,
    trunkAnsweredAt: null,
    dials: [],
    voicemail: false,
    did: null,
    queue: null,
    originateId: null,
    transfers: [],
    mergedInto: null,
    finishTimer: null,
  };
}

export function hasTrunk(call: Call): boolean {
  for (const channel of call.channels.values()) if (channel.kind === 'trunk') return true;
  return false;
}

/** The record of a finished call; null for a staff-to-staff call. */
export function buildRecord(pbx: string, call: Call): CallRecord | null {
  const channels = [...call.channels.values()];
  const root = call.channels.get(call.linkedid) ?? channels[0];
  const trunk = channels.find((c) => c.kind === 'trunk');
  if (!root || !trunk) return null;
  const inbound = root.kind === 'trunk';
  const direction = inbound ? 'inbound' : 'outbound';
  const external = inbound ? root : trunk;
  const rawNumber = inbound ? nonEmpty(root.callerNum) : (trunk.dialled ?? nonEmpty(root.exten));
  const withheld = rawNumber === null || WITHHELD.has(rawNumber.toLowerCase());
  const placer = channels.find((c) => c.kind === 'extension')?.extension ?? null;
  const answeredAt = inbound ? call.personAnsweredAt : call.trunkAnsweredAt;
  const endedAt = new Date(Math.max(...channels.map((c) => (c.endedAt ?? c.startedAt).getTime())));
  const answered = answeredAt !== null;
  const extensionsAnswered = inbound ? call.answered : placer ? [placer, ...call.answered.filter((e) => e !== placer)] : call.answered;
  return {
    pbx,
    linkedid: call.linkedid,
    direction,
    external_number: withheld ? null : normalizePhone(rawNumber),
    external_raw: withheld ? null : rawNumber,
    caller_name: inbound ? callerName(root.callerName) : null,
    did: inbound ? (call.did ?? (root.exten !== '' && root.exten !== 's' ? root.exten : null)) : null,
    queue: call.queue,
    extensions_rang: call.rang,
    answered_by: inbound ? (call.answered[0] ?? null) : placer,
    extensions_answered: extensionsAnswered,
    started_at: root.startedAt.toISOString(),
    answered_at: answeredAt?.toISOString() ?? null,
    ended_at: endedAt.toISOString(),
    talk_seconds: answered ? Math.max(0, Math.round((endedAt.getTime() - answeredAt.getTime()) / 1000)) : 0,
    disposition: answered ? 'answered' : unansweredDisposition(call, inbound, external.cause),
    hangup_cause: external.cause,
    hangup_cause_text: external.causeText,
    transfers: call.transfers,
    legs: channels.map((c) => ({
      channel: c.name,
      uniqueid: c.uniqueid,
      kind: c.kind,
      extension: c.extension,
      started_at: c.startedAt.toISOString(),
      answered_at: c.answeredAt?.toISOString() ?? null,
      ended_at: c.endedAt?.toISOString() ?? null,
      hangup_cause: c.cause,
    })),
    originate_id: call.originateId,
  };
}

/** Q.850 causes: 17 user busy; 18, 19 no answer; 16 a normal end (the caller gave up). */
function unansweredDisposition(call: Call, inbound: boolean, cause: number | null): CallRecord['disposition'] {
  if (inbound && call.voicemail) return 'voicemail';
  const statuses = call.dials.filter((d) => d.kind === (inbound ? 'extension' : 'trunk')).map((d) => d.status);
  if (statuses.length > 0) {
    if (statuses.every((s) => s === 'BUSY')) return 'busy';
    if (statuses.every((s) => s === 'CHANUNAVAIL' || s === 'CONGESTION')) return 'failed';
    return 'missed';
  }
  if (cause === 17) return 'busy';
  if (cause === null || cause === 16 || cause === 18 || cause === 19 || cause === 0) return 'missed';
  return inbound ? 'missed' : 'failed';
}

function callerName(name: string): string | null {
  return WITHHELD.has(name.trim().toLowerCase()) || /^\+?\d+$/.test(name.trim()) ? null : name.trim();
}

export function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim();
}
