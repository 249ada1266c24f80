/**
 * AMI event streams of our own making, shaped like Asterisk 18's output under FreePBX 16
 * (timestampevents=yes; channel snapshot fields as the manager docs list them for Newchannel,
 * DialBegin/DialEnd, BridgeEnter, Hangup, VarSet, Newexten, the queue and agent events,
 * BlindTransfer and AttendedTransfer). The tests replay them from a scripted AMI server,
 * since Asterisk itself is not packaged for Debian 12.
 */
import type { CallRecord } from '../../functions/src/calls/calls.schema.js';

interface Chan {
  name: string;
  uniqueid: string;
  linkedid: string;
  cid: string;
  cidName: string;
  context: string;
  exten: string;
  state: string;
}

const STATE_DESC: Record<string, string> = { '0': 'Down', '4': 'Ring', '5': 'Ringing', '6': 'Up' };

function snapshot(c: Chan, prefix = ''): Record<string, string> {
  return {
    [`${prefix}Channel`]: c.name,
    [`${prefix}ChannelState`]: c.state,
    [`${prefix}ChannelStateDesc`]: STATE_DESC[c.state] ?? 'Unknown',
    [`${prefix}CallerIDNum`]: c.cid,
    [`${prefix}CallerIDName`]: c.cidName,
    [`${prefix}ConnectedLineNum`]: '<unknown>',
    [`${prefix}ConnectedLineName`]: '<unknown>',
    [`${prefix}Language`]: 'en',
    [`${prefix}AccountCode`]: '',
    [`${prefix}Context`]: c.context,
    [`${prefix}Exten`]: c.exten,
    [`${prefix}Priority`]: '1',
    [`${prefix}Uniqueid`]: c.uniqueid,
    [`${prefix}Linkedid`]: c.linkedid,
  };
}

/** Writes one call's events with a clock that moves forward as the script says. */
export class Script {
  readonly events: string[] = [];
  private seq = 0;
  private bridges = 0;

  private readonly idBase: string;

  constructor(private t: number) {
    this.idBase = String(t);
  }

  wait(seconds: number): this {
    this.t += seconds;
    return this;
  }

  private emit(event: string, fields: Record<string, string>): void {
    const lines = [`Event: ${event}`, 'Privilege: call,all', `Timestamp: ${this.t.toFixed(6)}`];
    for (const [key, value] of Object.entries(fields)) lines.push(`${key}: ${value}`);
    this.events.push(`${lines.join('\r\n')}\r\n\r\n`);
  }

  channel(name: string, options: { linkedid?: string; cid?: string; cidName?: string; context?: string; exten?: string } = {}): Chan {
    const uniqueid = `${this.idBase}.${this.seq++}`;
    const c: Chan = {
      name,
      uniqueid,
      linkedid: options.linkedid ?? uniqueid,
      cid: options.cid ?? '<unknown>',
      cidName: options.cidName ?? '<unknown>',
      context: options.context ?? 'from-internal',
      exten: options.exten ?? 's',
      state: '0',
    };
    this.emit('Newchannel', snapshot(c));
    return c;
  }

  state(c: Chan, state: string): this {
    c.state = state;
    this.emit('Newstate', snapshot(c));
    return this;
  }

  varSet(c: Chan, variable: string, value: string): this {
    this.emit('VarSet', { ...snapshot(c), Variable: variable, Value: value });
    return this;
  }

  newexten(c: Chan, application: string, data = ''): this {
    this.emit('Newexten', { ...snapshot(c), Extension: c.exten, Application: application, AppData: data });
    return this;
  }

  dialBegin(src: Chan | null, dest: Chan, dialString: string): this {
    this.emit('DialBegin', { ...(src ? snapshot(src) : {}), ...snapshot(dest, 'Dest'), DialString: dialString });
    return this;
  }

  dialEnd(src: Chan | null, dest: Chan, status: string): this {
    if (status === 'ANSWER') dest.state = '6';
    this.emit('DialEnd', { ...(src ? snapshot(src) : {}), ...snapshot(dest, 'Dest'), DialStatus: status });
    return this;
  }

  bridge(...channels: Chan[]): string {
    const id = `bridge-${this.idBase}-${this.bridges++}`;
    channels.forEach((c, index) => {
      this.emit('BridgeEnter', {
        BridgeUniqueid: id,
        BridgeType: 'basic',
        BridgeTechnology: 'simple_bridge',
        BridgeCreator: '<unknown>',
        BridgeName: '<unknown>',
        BridgeNumChannels: String(index + 1),
        ...snapshot(c),
      });
    });
    return id;
  }

  leave(bridgeId: string, c: Chan): this {
    this.emit('BridgeLeave', { BridgeUniqueid: bridgeId, BridgeType: 'basic', BridgeNumChannels: '1', ...snapshot(c) });
    return this;
  }

  hangup(c: Chan, cause = 16, text = 'Normal Clearing'): this {
    this.emit('Hangup', { ...snapshot(c), Cause: String(cause), 'Cause-txt': text });
    return this;
  }

  cdr(c: Chan, disposition: string, billable: number, lastApp = 'Dial'): this {
    this.events.push(
      `Event: Cdr\r\nPrivilege: cdr,all\r\nAccountCode: \r\nSource: ${c.cid}\r\nDestination: ${c.exten}\r\nDestinationContext: ${c.context}\r\n` +
        `CallerID: "${c.cidName}" <${c.cid}>\r\nChannel: ${c.name}\r\nDestinationChannel: \r\nLastApplication: ${lastApp}\r\nLastData: \r\n` +
        `Duration: ${billable}\r\nBillableSeconds: ${billable}\r\nDisposition: ${disposition}\r\nAMAFlags: DOCUMENTATION\r\nUniqueID: ${c.uniqueid}\r\nUserField: \r\n\r\n`,
    );
    return this;
  }

  queueJoin(c: Chan, queue: string): this {
    this.emit('QueueCallerJoin', { ...snapshot(c), Queue: queue, Position: '1', Count: '1' });
    return this;
  }

  agentCalled(caller: Chan, agent: Chan, queue: string, iface: string): this {
    this.emit('AgentCalled', { ...snapshot(caller), ...snapshot(agent, 'Dest'), Queue: queue, Interface: iface, MemberName: iface });
    return this;
  }

  agentRingNoAnswer(caller: Chan, agent: Chan, queue: string, iface: string): this {
    this.emit('AgentRingNoAnswer', { ...snapshot(caller), ...snapshot(agent, 'Dest'), Queue: queue, Interface: iface, MemberName: iface, RingTime: '15000' });
    return this;
  }

  agentConnect(caller: Chan, agent: Chan, queue: string, iface: string): this {
    this.emit('AgentConnect', { ...snapshot(caller), ...snapshot(agent, 'Dest'), Queue: queue, Interface: iface, MemberName: iface, HoldTime: '12', RingTime: '4' });
    return this;
  }

  blindTransfer(transferer: Chan, transferee: Chan, exten: string): this {
    this.emit('BlindTransfer', {
      Result: 'Success',
      ...snapshot(transferer, 'Transferer'),
      ...snapshot(transferee, 'Transferee'),
      IsExternal: 'No',
      Context: 'from-internal',
      Extension: exten,
    });
    return this;
  }

  attendedTransfer(orig: Chan, second: Chan, target: Chan): this {
    this.emit('AttendedTransfer', {
      Result: 'Success',
      ...snapshot(orig, 'OrigTransferer'),
      OrigBridgeUniqueid: 'b-orig',
      ...snapshot(second, 'SecondTransferer'),
      SecondBridgeUniqueid: 'b-second',
      DestType: 'Bridge',
      DestBridgeUniqueid: 'b-orig',
      ...snapshot(target, 'TransferTarget'),
      IsExternal: 'No',
    });
    return this;
  }
}

export interface Scenario {
  name: string;
  events: string[];
  /** What the one record of this call must say; null when the call must not be logged. */
  expected: Partial<CallRecord> | null;
}

const BASE = 1_764_680_000;
const iso = (t: number) => new Date(t * 1000).toISOString();

/** Every scenario the issue names, each with its own Linkedids; `shift` seconds later gives new ones. */
export function scenarios(shift = 0): Scenario[] {
  const list: Scenario[] = [];
  const T0 = BASE + shift;

  {
    const s = new Script(T0);
    const trunk = s.channel('PJSIP/cosmote-00000001', { cid: '6971234567', cidName: 'Πατήρ Νικόλαος', context: 'from-pstn', exten: '2101234567' });
    s.varSet(trunk, '__FROM_DID', '2101234567');
    const ext = s.channel('PJSIP/201-00000002', { linkedid: trunk.linkedid, cid: '201', cidName: 'Maria', context: 'from-internal', exten: '201' });
    s.dialBegin(trunk, ext, 'PJSIP/201/sip:201@10.0.0.21:5060').state(ext, '5').wait(5).dialEnd(trunk, ext, 'ANSWER').state(trunk, '6');
    s.bridge(trunk, ext);
    s.wait(60).hangup(ext).hangup(trunk).cdr(trunk, 'ANSWERED', 60);
    list.push({
      name: 'answered inbound',
      events: s.events,
      expected: {
        direction: 'inbound', external_number: '+306971234567', caller_name: 'Πατήρ Νικόλαος', did: '2101234567',
        extensions_rang: ['201'], answered_by: '201', started_at: iso(T0), answered_at: iso(T0 + 5), ended_at: iso(T0 + 65),
        talk_seconds: 60, disposition: 'answered', hangup_cause: 16,
      },
    });
  }
  {
    const s = new Script(T0 + 100);
    const trunk = s.channel('PJSIP/cosmote-00000003', { cid: '00302101112233', context: 'from-pstn', exten: '2101234567' });
    const ext = s.channel('PJSIP/201-00000004', { linkedid: trunk.linkedid, exten: '201' });
    s.dialBegin(trunk, ext, 'PJSIP/201').state(ext, '5').wait(20).dialEnd(trunk, ext, 'CANCEL').hangup(ext, 16).hangup(trunk, 16);
    list.push({
      name: 'missed inbound (the caller gave up)',
      events: s.events,
      expected: { direction: 'inbound', external_number: '+302101112233', extensions_rang: ['201'], answered_by: null, answered_at: null, talk_seconds: 0, disposition: 'missed' },
    });
  }
  {
    const s = new Script(T0 + 200);
    const trunk = s.channel('PJSIP/cosmote-00000005', { cid: '6944555666', context: 'from-pstn', exten: '2101234567' });
    const ext = s.channel('PJSIP/202-00000006', { linkedid: trunk.linkedid, exten: '202' });
    s.dialBegin(trunk, ext, 'PJSIP/202').wait(1).dialEnd(trunk, ext, 'BUSY').hangup(ext, 17, 'User busy').wait(2).hangup(trunk, 17, 'User busy');
    list.push({ name: 'busy inbound', events: s.events, expected: { direction: 'inbound', external_number: '+306944555666', disposition: 'busy', hangup_cause: 17 } });
  }
  {
    // FreePBX ring group 600: one Local channel pair per member, each dialling the phone.
    const s = new Script(T0 + 300);
    const trunk = s.channel('PJSIP/cosmote-00000007', { cid: '+306977000111', context: 'from-pstn', exten: '2101234567' });
    const l1a = s.channel('Local/201@from-internal-00000001;1', { linkedid: trunk.linkedid, context: 'from-internal', exten: '201' });
    const l1b = s.channel('Local/201@from-internal-00000001;2', { linkedid: trunk.linkedid, context: 'from-internal', exten: '201' });
    const l2a = s.channel('Local/202@from-internal-00000002;1', { linkedid: trunk.linkedid, context: 'from-internal', exten: '202' });
    const l2b = s.channel('Local/202@from-internal-00000002;2', { linkedid: trunk.linkedid, context: 'from-internal', exten: '202' });
    s.dialBegin(trunk, l1a, 'Local/201@from-internal/n').dialBegin(trunk, l2a, 'Local/202@from-internal/n');
    const p1 = s.channel('PJSIP/201-00000008', { linkedid: trunk.linkedid, exten: '201' });
    s.dialBegin(l1b, p1, 'PJSIP/201');
    const p2 = s.channel('PJSIP/202-00000009', { linkedid: trunk.linkedid, exten: '202' });
    s.dialBegin(l2b, p2, 'PJSIP/202').wait(7).dialEnd(l2b, p2, 'ANSWER').dialEnd(trunk, l2a, 'ANSWER').dialEnd(l1b, p1, 'CANCEL').dialEnd(trunk, l1a, 'CANCEL');
    s.hangup(p1, 26, 'Answered elsewhere').hangup(l1b).hangup(l1a);
    s.bridge(trunk, l2a);
    s.bridge(l2b, p2);
    s.wait(30).hangup(p2).hangup(l2b).hangup(l2a).hangup(trunk);
    list.push({
      name: 'ring group',
      events: s.events,
      expected: { direction: 'inbound', external_number: '+306977000111', extensions_rang: ['201', '202'], answered_by: '202', talk_seconds: 30, disposition: 'answered' },
    });
  }
  {
    // IVR answers at once (not a person), queue 400, 201 does not pick up, 202 does.
    const s = new Script(T0 + 400);
    const trunk = s.channel('PJSIP/cosmote-0000000a', { cid: '2610123456', context: 'from-pstn', exten: '2101234567' });
    s.wait(1).state(trunk, '6').newexten(trunk, 'Background', 'custom/ivr-main').wait(6).queueJoin(trunk, '400');
    const a1 = s.channel('Local/201@from-queue-00000003;1', { linkedid: trunk.linkedid, context: 'from-queue', exten: '201' });
    s.agentCalled(trunk, a1, '400', 'Local/201@from-queue/n').wait(15).agentRingNoAnswer(trunk, a1, '400', 'Local/201@from-queue/n').hangup(a1);
    const a2 = s.channel('Local/202@from-queue-00000004;1', { linkedid: trunk.linkedid, context: 'from-queue', exten: '202' });
    const a2b = s.channel('Local/202@from-queue-00000004;2', { linkedid: trunk.linkedid, context: 'from-queue', exten: '202' });
    s.agentCalled(trunk, a2, '400', 'Local/202@from-queue/n');
    const p2 = s.channel('PJSIP/202-0000000b', { linkedid: trunk.linkedid, exten: '202' });
    s.dialBegin(a2b, p2, 'PJSIP/202').wait(4).dialEnd(a2b, p2, 'ANSWER').agentConnect(trunk, a2, '400', 'Local/202@from-queue/n');
    s.bridge(trunk, a2);
    s.wait(120).hangup(trunk).hangup(a2).hangup(a2b).hangup(p2);
    list.push({
      name: 'queue behind an IVR',
      events: s.events,
      expected: {
        direction: 'inbound', external_number: '+302610123456', queue: '400', extensions_rang: ['201', '202'], answered_by: '202',
        answered_at: iso(T0 + 400 + 26), talk_seconds: 120, disposition: 'answered',
      },
    });
  }
  {
    // Withheld number, the queue rings nobody in time and the call ends in voicemail.
    const s = new Script(T0 + 600);
    const trunk = s.channel('PJSIP/cosmote-0000000c', { cid: '<unknown>', cidName: '<unknown>', context: 'from-pstn', exten: '2101234567' });
    s.wait(1).state(trunk, '6').queueJoin(trunk, '400').wait(30);
    s.newexten(trunk, 'VoiceMail', '400@default,u').varSet(trunk, 'VMSTATUS', 'SUCCESS').wait(20).hangup(trunk).cdr(trunk, 'ANSWERED', 51, 'VoiceMail');
    list.push({ name: 'voicemail from a withheld number', events: s.events, expected: { direction: 'inbound', external_number: null, external_raw: null, disposition: 'voicemail', answered_by: null, talk_seconds: 0 } });
  }
  {
    const s = new Script(T0 + 700);
    const ext = s.channel('PJSIP/201-0000000d', { cid: '201', cidName: 'Maria', context: 'from-internal', exten: '6944000111' });
    const trunk = s.channel('PJSIP/cosmote-0000000e', { linkedid: ext.linkedid, cid: '2101234567', context: 'from-internal', exten: 's' });
    s.dialBegin(ext, trunk, 'PJSIP/6944000111@cosmote').state(trunk, '5').wait(8).dialEnd(ext, trunk, 'ANSWER');
    s.bridge(ext, trunk);
    s.wait(95).hangup(trunk).hangup(ext);
    list.push({
      name: 'outbound answered',
      events: s.events,
      expected: { direction: 'outbound', external_number: '+306944000111', answered_by: '201', answered_at: iso(T0 + 708), talk_seconds: 95, disposition: 'answered' },
    });
  }
  {
    const s = new Script(T0 + 800);
    const ext = s.channel('PJSIP/203-0000000f', { cid: '203', context: 'from-internal', exten: '2310999888' });
    const trunk = s.channel('PJSIP/cosmote-00000010', { linkedid: ext.linkedid, context: 'from-internal' });
    s.dialBegin(ext, trunk, 'PJSIP/2310999888@cosmote').wait(2).dialEnd(ext, trunk, 'BUSY').hangup(trunk, 17, 'User busy').hangup(ext);
    list.push({ name: 'outbound busy', events: s.events, expected: { direction: 'outbound', external_number: '+302310999888', answered_by: '203', disposition: 'busy' } });
  }
  {
    const s = new Script(T0 + 900);
    const trunk = s.channel('PJSIP/cosmote-00000011', { cid: '6971234567', context: 'from-pstn', exten: '2101234567' });
    const p1 = s.channel('PJSIP/201-00000012', { linkedid: trunk.linkedid, exten: '201' });
    s.dialBegin(trunk, p1, 'PJSIP/201').wait(3).dialEnd(trunk, p1, 'ANSWER');
    const b = s.bridge(trunk, p1);
    s.wait(20).blindTransfer(p1, trunk, '202').leave(b, p1).hangup(p1);
    const l = s.channel('Local/202@from-internal-00000005;1', { linkedid: trunk.linkedid, exten: '202' });
    const lb = s.channel('Local/202@from-internal-00000005;2', { linkedid: trunk.linkedid, exten: '202' });
    const p2 = s.channel('PJSIP/202-00000013', { linkedid: trunk.linkedid, exten: '202' });
    s.dialBegin(lb, p2, 'PJSIP/202').wait(4).dialEnd(lb, p2, 'ANSWER');
    s.bridge(trunk, l);
    s.wait(40).hangup(trunk).hangup(l).hangup(lb).hangup(p2);
    list.push({
      name: 'blind transfer',
      events: s.events,
      expected: {
        direction: 'inbound', answered_by: '201', extensions_answered: ['201', '202'], extensions_rang: ['201', '202'], disposition: 'answered',
        transfers: [{ kind: 'blind', by: '201', to: '202', at: iso(T0 + 923) }], talk_seconds: 64,
      },
    });
  }
  {
    const s = new Script(T0 + 1000);
    const trunk = s.channel('PJSIP/cosmote-00000014', { cid: '6900111222', context: 'from-pstn', exten: '2101234567' });
    const p1 = s.channel('PJSIP/201-00000015', { linkedid: trunk.linkedid, exten: '201' });
    s.dialBegin(trunk, p1, 'PJSIP/201').wait(2).dialEnd(trunk, p1, 'ANSWER');
    s.bridge(trunk, p1);
    s.wait(30);
    // 201 consults 202 on a second channel: a call of its own (new Linkedid).
    const c1 = s.channel('PJSIP/201-00000016', { cid: '201', context: 'from-internal', exten: '202' });
    const p2 = s.channel('PJSIP/202-00000017', { linkedid: c1.linkedid, exten: '202' });
    s.dialBegin(c1, p2, 'PJSIP/202').wait(3).dialEnd(c1, p2, 'ANSWER');
    s.bridge(c1, p2);
    s.wait(10).attendedTransfer(p1, c1, p2).hangup(p1).hangup(c1);
    s.wait(50).hangup(trunk).hangup(p2);
    list.push({
      name: 'attended transfer',
      events: s.events,
      expected: {
        direction: 'inbound', external_number: '+306900111222', answered_by: '201', extensions_answered: ['201', '202'], disposition: 'answered',
        transfers: [{ kind: 'attended', by: '201', to: '202', at: iso(T0 + 1045) }], talk_seconds: 93,
      },
    });
  }
  {
    // Click-to-call: Originate rings Local/201@from-internal, then dials the customer.
    const s = new Script(T0 + 1200);
    const la = s.channel('Local/201@from-internal-00000006;1', { context: 'from-internal', exten: '201' });
    const lb = s.channel('Local/201@from-internal-00000006;2', { linkedid: la.linkedid, context: 'from-internal', exten: '201' });
    s.varSet(la, 'CRM_ORIGINATE_ID', 'req-1');
    const p1 = s.channel('PJSIP/201-00000018', { linkedid: la.linkedid, exten: '201' });
    s.dialBegin(lb, p1, 'PJSIP/201').wait(3).dialEnd(lb, p1, 'ANSWER').state(la, '6');
    const trunk = s.channel('PJSIP/cosmote-00000019', { linkedid: la.linkedid });
    s.dialBegin(la, trunk, 'PJSIP/6971234567@cosmote').wait(6).dialEnd(la, trunk, 'ANSWER');
    s.wait(45).hangup(trunk).hangup(la).hangup(lb).hangup(p1);
    list.push({
      name: 'click-to-call',
      events: s.events,
      expected: { direction: 'outbound', external_number: '+306971234567', answered_by: '201', originate_id: 'req-1', talk_seconds: 45, disposition: 'answered' },
    });
  }
  {
    const s = new Script(T0 + 1300);
    const p1 = s.channel('PJSIP/201-0000001a', { cid: '201', exten: '202' });
    const p2 = s.channel('PJSIP/202-0000001b', { linkedid: p1.linkedid, exten: '202' });
    s.dialBegin(p1, p2, 'PJSIP/202').wait(2).dialEnd(p1, p2, 'ANSWER').wait(10).hangup(p2).hangup(p1);
    list.push({ name: 'staff-to-staff call (not logged)', events: s.events, expected: null });
  }
  return list;
}

/** The AMI login answer and greeting, as Asterisk 18 sends them. */
export const BANNER = 'Asterisk Call Manager/7.0.3\r\n';
