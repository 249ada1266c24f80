/**
 * Builds one record per call from the AMI event stream. Asterisk gives every channel of a
 * call (the trunk leg, FreePBX's Local channels of ring groups and queues, each phone that
 * rang) the same Linkedid, so channels are grouped by it, and the record is emitted when the
 * last of them hangs up, after a short grace for the Cdr events that follow the Hangup.
 *
 * What counts, the FreePBX way:
 * - a call is answered only when a person's extension is bridged (DialEnd ANSWER to a phone,
 *   AgentConnect); an IVR or a queue answering the trunk leg is not an answer;
 * - voicemail after no answer is disposition `voicemail`, still a missed call to follow up;
 * - a blind transfer keeps the Linkedid; an attended transfer joins the consultation call
 *   (its own Linkedid) into the customer's call, which the transfer annotates;
 * - staff-to-staff calls (no trunk) are not customer communication and are not emitted.
 */
import type { AmiMessage } from './ami.protocol.js';
import type { CallRecord } from '../functions/src/calls/calls.schema.js';
import { buildRecord, hasTrunk, newCall, nonEmpty, type Call, type Channel, type ChannelKind } from './call.record.js';

export interface CallBuilderOptions {
  pbx: string;
  /** Endpoint names of trunks (BRIDGE_TRUNKS); without it an endpoint named by digits is a phone and any other a trunk. */
  trunks?: ReadonlySet<string> | null;
  /** Wait after the last Hangup for Cdr events; 0 emits at once. */
  graceMs: number;
  now(): Date;
  onCall(record: CallRecord): void;
  onDropped?(linkedid: string, reason: string): void;
  /**
   * An event the record of calls still in progress depends on, with the Linkedids it belongs
   * to and when it arrived: the bridge keeps these on disk so a restart mid-call can replay
   * them (bridge/pending-events.ts). Called after the event was handled.
   */
  onKept?(linkedids: string[], message: AmiMessage, arrivedAt: Date): void;
}

const TRUNK_CONTEXT = /^from-(pstn|trunk|did)/;
/** Linkedids of calls emitted lately: a replayed event stream does not build them again. */
const RECENT_LIMIT = 20_000;
const UP = '6';
/** The VarSet variables a record reads (varSet below). */
const KEPT_VARIABLES = new Set(['FROM_DID', 'VMSTATUS', 'CRM_ORIGINATE_ID']);
/** Fields naming the channels, and the calls, an event is about. */
const UNIQUEID_FIELDS = ['Uniqueid', 'UniqueID', 'DestUniqueid', 'TransfererUniqueid', 'OrigTransfererUniqueid', 'SecondTransfererUniqueid', 'TransferTargetUniqueid'];
const LINKEDID_FIELDS = ['Linkedid', 'TransfererLinkedid', 'OrigTransfererLinkedid', 'SecondTransfererLinkedid'];

export class CallBuilder {
  private readonly calls = new Map<string, Call>();
  /** Uniqueid → Linkedid of every channel still tracked. */
  private readonly channelCall = new Map<string, string>();
  private readonly recent = new Set<string>();
  eventsSeen = 0;
  callsBuilt = 0;

  constructor(private readonly options: CallBuilderOptions) {}

  /** How many calls are in progress. */
  get inProgress(): number {
    return this.calls.size;
  }

  /**
   * `arrivedAt` is when the event reached the bridge, the event's time when it has no
   * Timestamp header; a replay after a restart passes the time it first arrived.
   */
  handle(message: AmiMessage, arrivedAt: Date = this.options.now()): void {
    this.apply(message.fields, eventTime(message.fields.Timestamp, arrivedAt));
    this.eventsSeen++;
    if (!this.options.onKept || !mattersToRecord(message.fields)) return;
    const linkedids = this.trackedCallsOf(message.fields);
    if (linkedids.length > 0) this.options.onKept(linkedids, message, arrivedAt);
  }

  private apply(f: Record<string, string>, at: Date): void {
    switch (f.Event) {
      case 'Newchannel':
        return this.newChannel(f, at);
      case 'Newstate': {
        const channel = this.channel(f.Uniqueid);
        if (channel && f.ChannelState === UP) channel.answeredAt ??= at;
        return;
      }
      case 'DialBegin':
        return this.dialBegin(f);
      case 'DialEnd':
        return this.dialEnd(f, at);
      case 'BridgeEnter': {
        const call = this.callOf(f.Uniqueid);
        const channel = this.channel(f.Uniqueid);
        // A phone joining a bridge with the caller without a Dial (a pickup, a parked call).
        if (call && channel?.kind === 'extension' && channel.answeredAt && call.channels.size > 1) this.personAnswered(call, channel.extension, at);
        return;
      }
      case 'Hangup':
        return this.hangup(f, at);
      case 'VarSet':
        return this.varSet(f);
      case 'Newexten': {
        const call = this.callOf(f.Uniqueid);
        if (call && f.Application === 'VoiceMail') call.voicemail = true;
        return;
      }
      case 'QueueCallerJoin': {
        const call = this.callOf(f.Uniqueid);
        if (call) call.queue ??= f.Queue ?? null;
        return;
      }
      case 'AgentCalled': {
        const call = this.callOf(f.Uniqueid);
        const extension = extensionOfInterface(f.Interface ?? f.DestChannel ?? '');
        if (call && extension) pushOnce(call.rang, extension);
        return;
      }
      case 'AgentConnect': {
        const call = this.callOf(f.Uniqueid);
        if (call) this.personAnswered(call, extensionOfInterface(f.Interface ?? f.DestChannel ?? ''), at);
        return;
      }
      case 'BlindTransfer':
        return this.blindTransfer(f, at);
      case 'AttendedTransfer':
        return this.attendedTransfer(f, at);
      case 'Cdr': {
        const call = this.callOf(f.UniqueID);
        if (call && f.LastApplication === 'VoiceMail') call.voicemail = true;
        return;
      }
      default:
        return;
    }
  }

  /**
   * After a reconnect: channels Asterisk no longer lists (CoreShowChannels) hung up while the
   * link was down; their calls finish as of now.
   */
  reconcile(liveUniqueids: ReadonlySet<string>): void {
    const now = this.options.now();
    for (const call of [...this.calls.values()]) {
      for (const channel of call.channels.values()) {
        if (channel.endedAt === null && !liveUniqueids.has(channel.uniqueid)) this.endChannel(call, channel, now, null, null);
      }
    }
  }

  /** Emits every call still waiting out its grace (on shutdown). */
  flush(): void {
    for (const call of [...this.calls.values()]) {
      if (call.live === 0) this.finish(call);
    }
  }

  /** The calls still tracked (in progress or waiting out the grace) that an event names. */
  private trackedCallsOf(f: Record<string, string>): string[] {
    const linkedids: string[] = [];
    for (const field of UNIQUEID_FIELDS) {
      const uniqueid = f[field];
      const linkedid = uniqueid === undefined ? undefined : this.channelCall.get(uniqueid);
      if (linkedid !== undefined && !linkedids.includes(linkedid)) linkedids.push(linkedid);
    }
    for (const field of LINKEDID_FIELDS) {
      const linkedid = f[field];
      if (linkedid !== undefined && this.calls.has(linkedid) && !linkedids.includes(linkedid)) linkedids.push(linkedid);
    }
    return linkedids;
  }

  private channel(uniqueid: string | undefined): Channel | undefined {
    const call = this.callOf(uniqueid);
    return uniqueid === undefined ? undefined : call?.channels.get(uniqueid);
  }

  private callOf(uniqueid: string | undefined): Call | undefined {
    if (uniqueid === undefined) return undefined;
    const linkedid = this.channelCall.get(uniqueid);
    return linkedid === undefined ? undefined : this.calls.get(linkedid);
  }

  private newChannel(f: Record<string, string>, at: Date): void {
    const uniqueid = f.Uniqueid;
    const linkedid = f.Linkedid ?? uniqueid;
    if (!uniqueid || !linkedid || this.recent.has(linkedid) || this.channelCall.has(uniqueid)) return;
    let call = this.calls.get(linkedid);
    if (!call) {
      call = newCall(linkedid);
      this.calls.set(linkedid, call);
    }
    if (call.finishTimer) {
      clearTimeout(call.finishTimer);
      call.finishTimer = null;
    }
    const name = f.Channel ?? '';
    const { kind, extension } = classify(name, f.Context ?? '', this.options.trunks ?? null);
    call.channels.set(uniqueid, {
      name,
      uniqueid,
      kind,
      extension,
      context: f.Context ?? '',
      exten: f.Exten ?? '',
      callerNum: f.CallerIDNum ?? '',
      callerName: f.CallerIDName ?? '',
      dialled: null,
      startedAt: at,
      answeredAt: f.ChannelState === UP ? at : null,
      endedAt: null,
      cause: null,
      causeText: null,
    });
    if (uniqueid === linkedid) call.rootSeen = true;
    call.live++;
    this.channelCall.set(uniqueid, linkedid);
  }

  private dialBegin(f: Record<string, string>): void {
    const call = this.callOf(f.DestUniqueid) ?? this.callOf(f.Uniqueid);
    const dest = this.channel(f.DestUniqueid);
    if (!call || !dest) return;
    if (dest.kind === 'extension' && dest.extension) pushOnce(call.rang, dest.extension);
    if (dest.kind === 'trunk') dest.dialled ??= dialledNumber(f.DialString ?? '') ?? nonEmpty(f.DestConnectedLineNum);
  }

  private dialEnd(f: Record<string, string>, at: Date): void {
    const call = this.callOf(f.DestUniqueid) ?? this.callOf(f.Uniqueid);
    const dest = this.channel(f.DestUniqueid);
    if (!call || !dest) return;
    const status = f.DialStatus ?? '';
    call.dials.push({ kind: dest.kind, status });
    if (status !== 'ANSWER') return;
    dest.answeredAt ??= at;
    if (dest.kind === 'extension') this.personAnswered(call, dest.extension, at);
    if (dest.kind === 'trunk') call.trunkAnsweredAt ??= at;
  }

  private personAnswered(call: Call, extension: string | null, at: Date): void {
    if (!extension) return;
    pushOnce(call.rang, extension);
    pushOnce(call.answered, extension);
    call.personAnsweredAt ??= at;
  }

  private varSet(f: Record<string, string>): void {
    const call = this.callOf(f.Uniqueid);
    if (!call) return;
    const variable = (f.Variable ?? '').replace(/^_+/, '');
    const value = f.Value ?? '';
    if (variable === 'FROM_DID' && value !== '' && value !== 's') call.did ??= value;
    else if (variable === 'VMSTATUS') call.voicemail = true;
    else if (variable === 'CRM_ORIGINATE_ID' && value !== '') call.originateId ??= value;
  }

  private hangup(f: Record<string, string>, at: Date): void {
    const call = this.callOf(f.Uniqueid);
    const channel = this.channel(f.Uniqueid);
    if (!call || !channel || channel.endedAt) return;
    const cause = f.Cause !== undefined && /^\d+$/.test(f.Cause) ? Number(f.Cause) : null;
    this.endChannel(call, channel, at, cause, f['Cause-txt'] ?? null);
  }

  private endChannel(call: Call, channel: Channel, at: Date, cause: number | null, causeText: string | null): void {
    channel.endedAt = at;
    channel.cause = cause;
    channel.causeText = causeText;
    call.live--;
    if (call.live > 0) return;
    if (this.options.graceMs <= 0) this.finish(call);
    else call.finishTimer = setTimeout(() => this.finish(call), this.options.graceMs);
  }

  private blindTransfer(f: Record<string, string>, at: Date): void {
    const call = this.callOf(f.TransfererUniqueid) ?? (f.TransfererLinkedid ? this.calls.get(f.TransfererLinkedid) : undefined);
    if (!call || (f.Result && f.Result !== 'Success')) return;
    const by = this.channel(f.TransfererUniqueid)?.extension ?? null;
    call.transfers.push({ kind: 'blind', by, to: nonEmpty(f.Extension), at: at.toISOString() });
  }

  private attendedTransfer(f: Record<string, string>, at: Date): void {
    if (f.Result && f.Result !== 'Success') return;
    const first = this.callOf(f.OrigTransfererUniqueid) ?? (f.OrigTransfererLinkedid ? this.calls.get(f.OrigTransfererLinkedid) : undefined);
    const second = this.callOf(f.SecondTransfererUniqueid) ?? (f.SecondTransfererLinkedid ? this.calls.get(f.SecondTransfererLinkedid) : undefined);
    if (!first) return;
    // The customer's call is the one with a trunk; the other was the consultation.
    const [main, consult] = second && hasTrunk(second) && !hasTrunk(first) ? [second, first] : [first, second];
    const target = this.channel(f.TransferTargetUniqueid);
    const by = this.channel(f.OrigTransfererUniqueid)?.extension ?? this.channel(f.SecondTransfererUniqueid)?.extension ?? null;
    const to = target?.extension ?? extensionOfInterface(f.TransferTargetChannel ?? '') ?? nonEmpty(f.Extension);
    main.transfers.push({ kind: 'attended', by, to, at: at.toISOString() });
    if (to && /^\d+$/.test(to)) this.personAnswered(main, to, at);
    if (consult && consult !== main) consult.mergedInto = main.linkedid;
  }

  private finish(call: Call): void {
    if (call.finishTimer) clearTimeout(call.finishTimer);
    this.calls.delete(call.linkedid);
    for (const uniqueid of call.channels.keys()) this.channelCall.delete(uniqueid);
    this.remember(call.linkedid);
    if (call.mergedInto) return this.options.onDropped?.(call.linkedid, `joined into ${call.mergedInto} by an attended transfer`);
    if (!call.rootSeen) return this.options.onDropped?.(call.linkedid, 'its start was not seen (the bridge started mid-call)');
    const record = buildRecord(this.options.pbx, call);
    if (!record) return this.options.onDropped?.(call.linkedid, 'internal call');
    this.callsBuilt++;
    this.options.onCall(record);
  }

  private remember(linkedid: string): void {
    this.recent.add(linkedid);
    if (this.recent.size > RECENT_LIMIT) {
      const oldest = this.recent.values().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }
}

export function classify(name: string, context: string, trunks: ReadonlySet<string> | null): { kind: ChannelKind; extension: string | null } {
  const slash = name.indexOf('/');
  const tech = slash < 0 ? name : name.slice(0, slash);
  const rest = slash < 0 ? '' : name.slice(slash + 1);
  if (tech === 'Local') return { kind: 'local', extension: extensionOfInterface(name) };
  if (tech === 'DAHDI') return { kind: 'trunk', extension: null };
  if (tech !== 'PJSIP' && tech !== 'SIP' && tech !== 'IAX2') return { kind: 'other', extension: null };
  // PJSIP/201-0000001a: the endpoint, then the channel's sequence after the last dash.
  const dash = rest.lastIndexOf('-');
  const endpoint = dash < 0 ? rest : rest.slice(0, dash);
  const isTrunk = TRUNK_CONTEXT.test(context) || (trunks ? trunks.has(endpoint) : !/^\d{2,8}$/.test(endpoint));
  return isTrunk ? { kind: 'trunk', extension: null } : { kind: 'extension', extension: endpoint };
}

/** `Local/201@from-queue/n`, `Local/201@from-internal-0000002a;1`, `PJSIP/201` → 201. */
export function extensionOfInterface(value: string): string | null {
  const match = /^(?:Local|PJSIP|SIP|IAX2)\/(?:FMPR-|FMGL-)?(\d{2,8})(?:[@;/-]|$)/.exec(value);
  return match?.[1] ?? null;
}

/** `trunk-gr/6971234567`, `PJSIP/00306971234567@trunk`, `sip:210…@host` → the number. */
function dialledNumber(dialString: string): string | null {
  const last = dialString.split('/').at(-1) ?? '';
  const user = last.replace(/^sips?:/, '').split('@')[0] ?? '';
  return /^\+?\d{3,}$/.test(user) ? user : null;
}

function pushOnce(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

/** Whether `apply` reads anything from this event (the rest need not be kept for a replay). */
function mattersToRecord(f: Record<string, string>): boolean {
  switch (f.Event) {
    case 'Newchannel':
    case 'DialBegin':
    case 'DialEnd':
    case 'BridgeEnter':
    case 'Hangup':
    case 'QueueCallerJoin':
    case 'AgentCalled':
    case 'AgentConnect':
    case 'BlindTransfer':
    case 'AttendedTransfer':
      return true;
    case 'Newstate':
      return f.ChannelState === UP;
    case 'VarSet':
      return KEPT_VARIABLES.has((f.Variable ?? '').replace(/^_+/, ''));
    case 'Newexten':
      return f.Application === 'VoiceMail';
    case 'Cdr':
      return f.LastApplication === 'VoiceMail';
    default:
      return false;
  }
}

/** `Timestamp: 1764680000.123456` (timestampevents=yes in manager.conf); else when it arrived. */
function eventTime(timestamp: string | undefined, arrivedAt: Date): Date {
  if (timestamp && /^\d+(\.\d+)?$/.test(timestamp)) return new Date(Math.round(Number(timestamp) * 1000));
  return arrivedAt;
}
