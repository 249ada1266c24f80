import { z } from 'zod';
import { callDispositions, commsDirections, commsEntrySchema } from '../comms/comms.schema.js';
import { docIdSchema } from '../shared/ids.js';

/**
 * What the AMI bridge (bridge/) sends for one finished call, and what the CRM answers. The
 * bridge builds it from the AMI events of every channel sharing one Linkedid; this schema is
 * the contract both sides import.
 */

const iso = z.iso.datetime({ offset: true });
const shortText = z.string().max(200);

export const callLegSchema = z.object({
  channel: shortText,
  uniqueid: shortText,
  /** trunk, extension (a person's phone), local (FreePBX's ring-group/queue plumbing) or other. */
  kind: z.enum(['trunk', 'extension', 'local', 'other']),
  extension: shortText.nullable(),
  started_at: iso,
  answered_at: iso.nullable(),
  ended_at: iso.nullable(),
  hangup_cause: z.number().int().nullable(),
});
export type CallLeg = z.infer<typeof callLegSchema>;

export const callTransferSchema = z.object({
  kind: z.enum(['blind', 'attended']),
  /** The extension that transferred. */
  by: shortText.nullable(),
  /** The extension (or number) the call went to. */
  to: shortText.nullable(),
  at: iso,
});
export type CallTransfer = z.infer<typeof callTransferSchema>;

export const callRecordSchema = z.object({
  /** Which PBX (BRIDGE_PBX_ID); with linkedid the call's identity. */
  pbx: z.string().trim().min(1).max(100),
  linkedid: z.string().trim().min(1).max(200),
  direction: z.enum(commsDirections),
  /** The other party in E.164, null when withheld (`<unknown>`, anonymous) or not a number we can place. */
  external_number: z.string().max(32).nullable(),
  /** The other party's number as the PBX gave it. */
  external_raw: shortText.nullable(),
  caller_name: shortText.nullable(),
  /** The office number dialled (inbound). */
  did: shortText.nullable(),
  queue: shortText.nullable(),
  /** Every staff extension that rang, in order. */
  extensions_rang: z.array(shortText).max(200),
  /** The first person who answered (outbound: who placed the call); null when nobody did. */
  answered_by: shortText.nullable(),
  /** Everyone who talked on the call, transfers included. */
  extensions_answered: z.array(shortText).max(200),
  started_at: iso,
  answered_at: iso.nullable(),
  ended_at: iso,
  talk_seconds: z.number().int().min(0),
  disposition: z.enum(callDispositions),
  hangup_cause: z.number().int().nullable(),
  hangup_cause_text: shortText.nullable(),
  transfers: z.array(callTransferSchema).max(50),
  legs: z.array(callLegSchema).max(200),
  /** The click-to-call request that placed this call. */
  originate_id: shortText.nullable(),
});
export type CallRecord = z.infer<typeof callRecordSchema>;

/** What the bridge tells the CRM about itself on every POST and poll (Settings shows it). */
export const bridgeStatusSchema = z.object({
  pbx: z.string().trim().min(1).max(100),
  connected: z.boolean(),
  last_event_at: iso.nullable(),
  outbox_depth: z.number().int().min(0),
});
export type BridgeStatus = z.infer<typeof bridgeStatusSchema>;

/** POST /webhooks/calls */
export const callDeliverySchema = z.object({ call: callRecordSchema, bridge: bridgeStatusSchema.optional() });
export type CallDelivery = z.infer<typeof callDeliverySchema>;

/** POST /webhooks/calls/originate: the bridge's long poll for click-to-call requests. */
export const originatePollSchema = z.object({
  bridge: bridgeStatusSchema,
  /** How long the CRM may hold the request open when nothing is queued. */
  wait_seconds: z.number().min(0).max(50).default(25),
  /** What became of requests handed out before. */
  results: z
    .array(z.object({ id: z.string().max(100), ok: z.boolean(), message: z.string().max(500).optional() }))
    .max(100)
    .default([]),
});
export type OriginatePoll = z.input<typeof originatePollSchema>;

/** A click-to-call request (POST /crm/customers/:id/call), as the bridge receives it too. */
export const originateRequestSchema = z.object({
  id: z.string(),
  /** The staff member's extension, rung first. */
  extension: z.string(),
  /** The customer's number to dial once the extension answers, as the dialplan wants it. */
  number: z.string(),
  /** Shown on the staff phone while it rings. */
  caller_id: z.string(),
  requested_at: z.string(),
});
export type OriginateRequest = z.output<typeof originateRequestSchema>;

/** A staff extension as FreePBX numbers them: 2 to 8 digits. */
export const extensionSchema = z.string().trim().regex(/^\d{2,8}$/, 'must be 2 to 8 digits');

export const putExtensionSchema = z.strictObject({ extension: extensionSchema.nullable() });

export const clickToCallSchema = z
  .strictObject({
    contact_id: z.string().trim().min(1).max(200).optional(),
    phone: z.string().trim().min(3).max(64).optional(),
  })
  .refine((body) => body.contact_id !== undefined || body.phone !== undefined, {
    path: ['contact_id'],
    message: 'give contact_id or phone',
  });

export const followUpParamsSchema = z.object({ id: docIdSchema });

/** GET and PUT /me/extension: the signed-in user's phone extension. */
export const extensionAnswerSchema = z.object({ extension: z.string().nullable() });

/** GET /crm/calls/bridge: each bridge's last check-in (Settings shows it). */
export const bridgesSchema = z.object({
  bridges: z.array(
    z.object({ pbx: z.string(), seen_at: z.string(), connected: z.boolean(), last_event_at: z.string().nullable(), outbox_depth: z.number() }),
  ),
});

/** What only a call puts in a comms entry's `details` (calls.service.ts). */
export const callDetailsSchema = z.looseObject({
  /** The extension that answered. */
  answered_by: z.string().nullable().optional(),
  /** Extensions that rang, in order. */
  extensions_rang: z.array(z.string()).optional(),
  /** The office number dialled (inbound). */
  did: z.string().nullable().optional(),
  /** Staff by extension, as known when the call was logged. */
  staff: z.record(z.string(), z.object({ uid: z.string(), name: z.string().nullable() })).optional(),
});

/** A call comms entry (POST /crm/calls/follow-ups/:id/done). */
export const callEntrySchema = commsEntrySchema.extend({ details: callDetailsSchema });

/** GET /crm/calls/follow-ups: missed calls waiting for a call back, newest first. */
export const callPageSchema = z.object({ entries: z.array(callEntrySchema), next_cursor: z.string().nullable() });
