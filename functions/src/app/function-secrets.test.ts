/**
 * What `firebase deploy` asks for: the CLI analyses functions/src/index.ts with the variables of
 * functions/.env.<project> in the environment and reads each function's declared secrets from
 * its `__endpoint`. Each case loads the entry point afresh in its own process, as the CLI does.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

const printParams = `
await import('./functions/src/index.ts');
const { declaredParams } = await import('firebase-functions/params');
console.log(JSON.stringify(declaredParams.map((p) => ({ name: p.name, secret: p.constructor.name === 'SecretParam' }))));
`;

const printSecrets = `
const functions = await import('./functions/src/index.ts');
const out = {};
for (const [name, fn] of Object.entries(functions)) out[name] = (fn.__endpoint?.secretEnvironmentVariables ?? []).map((s) => s.key).sort();
console.log(JSON.stringify(out));
`;

async function runEntryPoint<T>(script: string, integrations: string | undefined): Promise<T> {
  const env = { ...process.env };
  delete env.INTEGRATIONS;
  if (integrations !== undefined) env.INTEGRATIONS = integrations;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env, cwd: process.cwd() });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
}

async function declaredSecrets(integrations: string | undefined): Promise<Record<string, string[]>> {
  return runEntryPoint<Record<string, string[]>>(printSecrets, integrations);
}

const whatsappSecrets = ['WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN'];

describe('the secrets each function declares', () => {
  it('asks an office without Nextcloud, WhatsApp or a PBX only for Turso and the mail key', async () => {
    const secrets = await declaredSecrets('');
    expect(secrets.api).toEqual(['MAIL_CREDENTIALS_KEY', 'TURSO_AUTH_TOKEN']);
    expect(secrets.whatsappWebhook).toEqual(['TURSO_AUTH_TOKEN']);
    expect(secrets.calls).toEqual(['TURSO_AUTH_TOKEN']);
    expect(secrets.drainJournals).toEqual(['TURSO_AUTH_TOKEN']);
    expect(secrets.pollMail).toEqual(['MAIL_CREDENTIALS_KEY', 'TURSO_AUTH_TOKEN']);
    const all = new Set(Object.values(secrets).flat());
    expect([...all].sort()).toEqual(['MAIL_CREDENTIALS_KEY', 'TURSO_AUTH_TOKEN']);
  }, 60_000);

  it('gives each integration in use to the functions that read it, and to no other', async () => {
    const secrets = await declaredSecrets('whatsapp, calls');
    expect(secrets.api).toEqual(['MAIL_CREDENTIALS_KEY', 'TURSO_AUTH_TOKEN', ...whatsappSecrets].sort());
    expect(secrets.whatsappWebhook).toEqual(['TURSO_AUTH_TOKEN', ...whatsappSecrets].sort());
    expect(secrets.calls).toEqual(['CALLS_SIGNING_SECRET', 'TURSO_AUTH_TOKEN']);
    expect(secrets.pollMail).toEqual(['MAIL_CREDENTIALS_KEY', 'TURSO_AUTH_TOKEN']);
  }, 60_000);

  it('keeps every integration of a deployment from before INTEGRATIONS existed', async () => {
    const secrets = await declaredSecrets(undefined);
    expect(secrets.api).toEqual(['MAIL_CREDENTIALS_KEY', 'NEXTCLOUD_APP_PASSWORD', 'TURSO_AUTH_TOKEN', ...whatsappSecrets].sort());
    expect(secrets.calls).toEqual(['CALLS_SIGNING_SECRET', 'NEXTCLOUD_APP_PASSWORD', 'TURSO_AUTH_TOKEN']);
  }, 60_000);

  it('fails the analysis on an integration it does not know, naming it', async () => {
    await expect(declaredSecrets('nextcloud,whatsap')).rejects.toThrow(/INTEGRATIONS names whatsap; known integrations: nextcloud, whatsapp, calls/);
  }, 60_000);
});

describe('functions/.env.example', () => {
  it('lists every parameter and secret the functions declare, each once, secrets only as comments', async () => {
    const params = await runEntryPoint<{ name: string; secret: boolean }[]>(printParams, undefined);
    const text = readFileSync('functions/.env.example', 'utf8');
    const variables = [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    const secrets = [...text.matchAll(/^# secret ([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]);
    const expected = (secret: boolean) => [...new Set(params.filter((p) => p.secret === secret).map((p) => p.name))].sort();
    expect([...variables].sort()).toEqual([...expected(false), 'INTEGRATIONS'].sort());
    expect([...secrets].sort()).toEqual(expected(true));
  }, 60_000);
});
