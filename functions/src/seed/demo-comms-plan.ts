import { z } from 'zod';
import { callDispositions } from '../comms/comms.schema.js';
import commsData from './demo-comms.json' with { type: 'json' };
import { demoPictures } from './demo-image.js';

/**
 * The demo's e-mails, WhatsApp messages and calls, kept as data (demo-comms.json): a few
 * weeks of what arrives at BellSystems' mailbox, WhatsApp number and phone system. Each item is
 * dated `day` working days (Monday–Friday, Athens) before the seeding moment, at `at` o'clock
 * in Athens, so the demo always looks fresh and never falls on a weekend or at night. The
 * seeder (demo-comms.ts) hands every item to its channel's own intake in date order.
 */

const when = {
  /** Working days before the seeding day (1 = the previous working day). */
  day: z.number().int().min(1).max(60),
  /** Athens wall-clock time, office hours. */
  at: z.string().regex(/^(0[89]|1\d|20):[0-5]\d$/, 'HH:MM between 08:00 and 20:59'),
};

/** Which demo account acted (its display name and uid when the account exists). */
export const demoStaff = z.enum(['editor', 'admin']);

const emailPlanSchema = z.strictObject({
  /** Stable across seedings: the Message-ID is made from it, so seeding twice finds it. */
  id: z.string().regex(/^[a-z0-9-]+$/),
  ...when,
  /** `Name <address>`; the office mailbox as sender makes it outbound (read from the Sent folder). */
  from: z.string().min(3),
  to: z.string().min(3),
  subject: z.string().min(1),
  text: z.string().min(1),
  /** The id of the message this one answers (In-Reply-To, and References down the thread). */
  reply_to: z.string().optional(),
  attachment: z.strictObject({ filename: z.string().min(1), picture: z.enum(demoPictures) }).optional(),
});
export type EmailPlan = z.infer<typeof emailPlanSchema>;

/** A delivery status Meta reports for a message we sent, `after` minutes after sending. */
const statusPlanSchema = z.tuple([z.enum(['sent', 'delivered', 'read', 'failed']), z.number().int().min(0)]);

const whatsappPlanSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/),
    ...when,
    direction: z.enum(['inbound', 'outbound']),
    /** The other side's number in E.164. */
    number: z.string().regex(/^\+\d{8,15}$/),
    /** The sender's WhatsApp profile name (inbound). */
    profile: z.string().optional(),
    /** The customer, by name, an outbound message was sent to from their page. */
    customer: z.string().optional(),
    by: demoStaff.optional(),
    text: z.string().optional(),
    /** A picture from the customer's files, sent with a caption (outbound). */
    image: z.strictObject({ filename: z.string().min(1), picture: z.enum(demoPictures), caption: z.string() }).optional(),
    statuses: z.array(statusPlanSchema).optional(),
  })
  .refine((m) => (m.text === undefined) !== (m.image === undefined), { message: 'a message has text or an image' })
  .refine((m) => m.direction === 'inbound' || (m.customer !== undefined && m.by !== undefined), {
    message: 'an outbound message names its customer and who sent it',
  })
  .refine((m) => m.direction === 'outbound' || (m.image === undefined && m.statuses === undefined), {
    message: 'inbound messages are text here: their media would be fetched from Meta',
  });
export type WhatsAppPlan = z.infer<typeof whatsappPlanSchema>;

const callPlanSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  ...when,
  direction: z.enum(['inbound', 'outbound']),
  number: z.string().regex(/^\+\d{8,15}$/),
  disposition: z.enum(callDispositions),
  /** Seconds talked (0 unless answered). */
  talk: z.number().int().min(0),
  /** Staff extensions that rang (inbound) or placed the call (outbound). */
  rang: z.array(z.string().regex(/^\d{2,8}$/)).min(1),
  /** The extension that answered (inbound) or placed the call (outbound). */
  answered_by: z.string().regex(/^\d{2,8}$/).nullable(),
  caller_name: z.string().nullable(),
});
export type CallPlan = z.infer<typeof callPlanSchema>;

const demoCommsSchema = z.strictObject({
  office: z.strictObject({
    /** The mailbox the e-mails were read from (its address makes a message outbound). */
    mailbox: z.string().email(),
    /** The office number customers call (the PBX's DID) and write to on WhatsApp, E.164. */
    number: z.string().regex(/^\+\d{8,15}$/),
    pbx: z.string().min(1),
    /** The demo accounts' phone extensions. */
    extensions: z.record(demoStaff, z.string().regex(/^\d{2,8}$/)),
  }),
  emails: z.array(emailPlanSchema),
  whatsapp: z.array(whatsappPlanSchema),
  calls: z.array(callPlanSchema),
});
export type DemoComms = z.infer<typeof demoCommsSchema>;

/** Demo comms data checked against the plan's shape and for replies to messages that exist. */
export function parseDemoComms(data: unknown): DemoComms {
  const plan = demoCommsSchema.parse(data);
  const ids = new Set(plan.emails.map((e) => e.id));
  for (const email of plan.emails) {
    if (email.reply_to !== undefined && !ids.has(email.reply_to)) throw new Error(`Demo e-mail ${email.id} answers an unknown ${email.reply_to}`);
  }
  return plan;
}

/** The demo comms of demo-comms.json. */
export function loadDemoComms(): DemoComms {
  return parseDemoComms(commsData);
}
