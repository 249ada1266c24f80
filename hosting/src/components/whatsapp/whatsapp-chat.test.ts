import { describe, expect, it } from 'vitest';
import { fillTemplate, previewKind, quotedOf, reactionsOf, ticksOf, timeLeft } from './whatsapp-chat';
import type { WhatsAppEntry } from './whatsapp.api';

const entry = (ext: string, details: WhatsAppEntry['details']): WhatsAppEntry =>
  ({ id: ext, ext_message_id: ext, details, delivery_status: null, delivery_error: null }) as unknown as WhatsAppEntry;

describe('whatsapp chat helpers', () => {
  it('draws ticks by delivery status', () => {
    expect(['pending', 'sent', 'delivered', 'read', 'failed', null].map((s) => ticksOf(s as never))).toEqual(['🕓', '✓', '✓✓', '✓✓', '⚠', '']);
  });

  it('counts the time left in the window, and nothing once it closed', () => {
    const now = new Date('2026-03-01T10:00:00Z');
    expect(timeLeft('2026-03-01T15:30:59Z', now)).toEqual({ hours: 5, minutes: 30 });
    expect(timeLeft('2026-03-01T09:59:00Z', now)).toBeNull();
    expect(timeLeft(null, now)).toBeNull();
  });

  it('groups reactions by emoji and finds the quoted message', () => {
    const quoted = entry('wamid.A', {});
    const reply = entry('wamid.B', { context: { id: 'wamid.A' }, reactions: { '30697': { emoji: '👍', at: '' }, '30698': { emoji: '👍', at: '' }, '30699': null } });
    expect(reactionsOf(reply)).toEqual([{ emoji: '👍', count: 2 }]);
    expect(quotedOf(reply, new Map([['wamid.A', quoted]]))).toBe(quoted);
    expect(quotedOf(quoted, new Map())).toBeNull();
  });

  it('previews by mime type and fills template placeholders', () => {
    expect(['image/jpeg', 'audio/ogg; codecs=opus', 'video/mp4', 'application/pdf', undefined].map(previewKind)).toEqual(['image', 'audio', 'video', 'file', 'file']);
    expect(fillTemplate('Καλημέρα {{1}}, στις {{2}}.', ['1', '2'], ['πάτερ', ''])).toBe('Καλημέρα πάτερ, στις {{2}}.');
  });
});
