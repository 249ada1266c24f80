import { describe, expect, it } from 'vitest';
import commsData from './demo-comms.json' with { type: 'json' };
import { loadDemoComms, parseDemoComms } from './demo-comms-plan.js';

const data = () => structuredClone(commsData) as unknown as Record<string, Record<string, unknown>[]>;

describe('the demo comms data', () => {
  it('holds threads, conversations and calls of every kind the demo shows', () => {
    const plan = loadDemoComms();
    expect(plan.emails.filter((e) => e.reply_to).length).toBeGreaterThanOrEqual(3);
    expect(plan.emails.some((e) => e.attachment)).toBe(true);
    expect(plan.whatsapp.some((m) => m.image)).toBe(true);
    expect(plan.whatsapp.some((m) => m.statuses?.some(([status]) => status === 'read'))).toBe(true);
    expect(new Set(plan.calls.map((c) => `${c.direction} ${c.disposition}`))).toEqual(
      new Set(['inbound answered', 'outbound answered', 'inbound missed', 'outbound busy']),
    );
  });

  it('refuses a reply to a message it does not have', () => {
    const bad = data();
    bad.emails![1]!.reply_to = 'no-such-message';
    expect(() => parseDemoComms(bad)).toThrow('Demo e-mail bibis-service-2 answers an unknown no-such-message');
  });

  it('refuses an outbound WhatsApp message that names no customer, and inbound media it could not fetch', () => {
    const anonymous = data();
    const outbound = anonymous.whatsapp!.find((m) => m.direction === 'outbound')!;
    delete outbound.customer;
    expect(() => parseDemoComms(anonymous)).toThrow('an outbound message names its customer and who sent it');

    const media = data();
    const inbound = media.whatsapp!.find((m) => m.direction === 'inbound')!;
    delete inbound.text;
    inbound.image = { filename: 'φωτογραφία.png', picture: 'tower', caption: '' };
    expect(() => parseDemoComms(media)).toThrow('inbound messages are text here');
  });

  it('refuses a time outside office hours', () => {
    const late = data();
    late.calls![0]!.at = '23:15';
    expect(() => parseDemoComms(late)).toThrow('HH:MM between 08:00 and 20:59');
  });
});
