/** The customer vocabulary, without zod, so the SPA can import it at no bundle cost. */

export const relationshipStatuses = ['lead', 'prospect', 'active', 'inactive', 'churned'] as const;
export type RelationshipStatus = (typeof relationshipStatuses)[number];

export const contactTypes = ['email', 'phone', 'whatsapp', 'other'] as const;
export type ContactType = (typeof contactTypes)[number];

export const ticketKinds = ['technical_issues', 'install_support'] as const;
export type TicketKind = (typeof ticketKinds)[number];
