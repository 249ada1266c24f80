import type { DeliveryStatus, WhatsAppEntry } from './whatsapp.api';

/** Pure helpers of the chat view, apart from the components so they are tested alone. */

/** The tick marks of an outbound message, as WhatsApp draws them. */
export function ticksOf(status: DeliveryStatus | null): string {
  switch (status) {
    case 'pending':
      return '🕓';
    case 'sent':
      return '✓';
    case 'delivered':
    case 'read':
    case 'played':
      return '✓✓';
    case 'failed':
      return '⚠';
    default:
      return '';
  }
}

/** Whole hours and minutes from `now` until `end`; null once it passed. */
export function timeLeft(end: string | null, now: Date): { hours: number; minutes: number } | null {
  if (!end) return null;
  const ms = new Date(end).getTime() - now.getTime();
  if (!(ms > 0)) return null;
  const minutes = Math.floor(ms / 60_000);
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

/** The reactions on a message: each emoji with how many reacted with it. */
export function reactionsOf(entry: WhatsAppEntry): { emoji: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const reaction of Object.values(entry.details.reactions ?? {})) {
    if (reaction?.emoji) counts.set(reaction.emoji, (counts.get(reaction.emoji) ?? 0) + 1);
  }
  return [...counts].map(([emoji, count]) => ({ emoji, count }));
}

/** The message a reply quotes, when it is in the chat. */
export function quotedOf(entry: WhatsAppEntry, byWamid: Map<string, WhatsAppEntry>): WhatsAppEntry | null {
  const id = entry.details.context?.id;
  return id ? (byWamid.get(id) ?? null) : null;
}

/** How a media message is previewed. */
export function previewKind(mime: string | undefined): 'image' | 'audio' | 'video' | 'file' {
  const type = (mime ?? '').split(';')[0]!.trim();
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  return 'file';
}

/** The template's body with the values typed so far, for the composer's preview. */
export function fillTemplate(body: string, names: string[], values: string[]): string {
  return body.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    const value = values[names.indexOf(name)];
    return value ? value : whole;
  });
}
