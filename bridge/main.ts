/**
 * `npm run ami-bridge`: the always-on AMI bridge on the office server (bridge/ami-bridge.service
 * runs it under systemd). Settings come from the environment (bridge.config.ts).
 */
import { bridgeEnvSchema, jsonLogger, parseTrunks } from './bridge.config.js';
import { startBridge } from './bridge.js';

const parsed = bridgeEnvSchema.safeParse(process.env);
if (!parsed.success) {
  for (const issue of parsed.error.issues) jsonLogger.error('bad setting', { name: issue.path.join('.'), problem: issue.message });
  process.exit(2);
}
const env = parsed.data;
const bridge = await startBridge({
  ami: { host: env.AMI_HOST, port: env.AMI_PORT, username: env.AMI_USERNAME, secret: env.AMI_SECRET },
  crmUrl: env.CRM_CALLS_URL,
  signingSecret: env.CALLS_SIGNING_SECRET,
  dataDir: env.BRIDGE_DATA_DIR,
  pbx: env.BRIDGE_PBX_ID,
  trunks: parseTrunks(env.BRIDGE_TRUNKS),
  originateContext: env.BRIDGE_ORIGINATE_CONTEXT,
  pollIntervalMs: env.BRIDGE_POLL_SECONDS * 1000,
  pollWaitSeconds: env.BRIDGE_POLL_WAIT_SECONDS,
  logger: jsonLogger,
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    jsonLogger.info('stopping', { signal });
    // The poll in flight would hold the process: leave once the outbox is safe.
    void bridge.stop().then(() => process.exit(0));
  });
}
