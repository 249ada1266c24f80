import { z } from 'zod';

/** The bridge's settings, from the environment (README, "Phone calls (FreePBX)"). */
export const bridgeEnvSchema = z.object({
  AMI_HOST: z.string().trim().min(1),
  AMI_PORT: z.coerce.number().int().min(1).max(65_535).default(5038),
  AMI_USERNAME: z.string().trim().min(1),
  AMI_SECRET: z.string().min(1),
  /** The CRM's calls endpoint: the `calls` function's URL, or http://host:8787/webhooks/calls. */
  CRM_CALLS_URL: z.url(),
  CALLS_SIGNING_SECRET: z.string().min(16, 'use at least 16 random characters'),
  BRIDGE_DATA_DIR: z.string().trim().min(1).default('bridge-data'),
  /** Names this PBX in the CRM (calls are keyed by it and the Linkedid). */
  BRIDGE_PBX_ID: z.string().trim().min(1).max(100).default('freepbx'),
  /** Comma-separated trunk endpoint names, when a trunk is named by digits only. */
  BRIDGE_TRUNKS: z.string().optional(),
  /** Dial context of click-to-call (FreePBX: from-internal). */
  BRIDGE_ORIGINATE_CONTEXT: z.string().trim().min(1).default('from-internal'),
  /** Pause between click-to-call polls, in seconds (short polls cost next to nothing; 0 with no hold: off). */
  BRIDGE_POLL_SECONDS: z.coerce.number().min(0).max(60).default(1.5),
  /** How long the CRM may hold a poll open; 0 in production (a held function is billed), up to 25 on the embedded server. */
  BRIDGE_POLL_WAIT_SECONDS: z.coerce.number().int().min(0).max(25).default(0),
});
export type BridgeEnv = z.infer<typeof bridgeEnvSchema>;

export interface BridgeLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** One JSON line per message: journald keeps it as is. */
export const jsonLogger: BridgeLogger = {
  info: (message, fields) => console.log(JSON.stringify({ level: 'info', message, ...fields })),
  warn: (message, fields) => console.warn(JSON.stringify({ level: 'warn', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'error', message, ...fields })),
};

export function parseTrunks(value: string | undefined): ReadonlySet<string> | null {
  const names = (value ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
  return names.length > 0 ? new Set(names) : null;
}
