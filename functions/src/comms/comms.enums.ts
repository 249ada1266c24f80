/** The comms vocabulary, without zod, so the SPA can import it at no bundle cost. */

export const commsTypes = ['email', 'whatsapp', 'call', 'sms', 'note', 'in_person'] as const;
export type CommsType = (typeof commsTypes)[number];

export const commsDirections = ['inbound', 'outbound', 'internal'] as const;
export type CommsDirection = (typeof commsDirections)[number];

/** WhatsApp delivery ticks, in the only order they may move (comms.delivery.ts). */
export const deliveryStatuses = ['pending', 'sent', 'delivered', 'read', 'played', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** How a call ended. Voicemail after no answer is still a missed call for follow-up. */
export const callDispositions = ['answered', 'missed', 'busy', 'failed', 'voicemail'] as const;
export type CallDisposition = (typeof callDispositions)[number];

export const followUpStates = ['open', 'done'] as const;
export type FollowUpState = (typeof followUpStates)[number];
