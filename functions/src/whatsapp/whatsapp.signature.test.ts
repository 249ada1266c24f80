import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { metaJson } from './test-support/meta-payloads.js';
import { signWhatsApp, verifyWhatsAppSignature } from './whatsapp.signature.js';
import { whatsappConfigFrom, DEFAULT_GRAPH_URL } from './whatsapp.config.js';

const secret = 'μυστικό-app-secret';

describe('X-Hub-Signature-256', () => {
  const raw = metaJson({ entry: [{ text: 'Καλημέρα / πάτερ' }] });

  it('accepts the HMAC of the exact bytes, in either hex case', () => {
    const signature = signWhatsApp(raw, secret);
    expect(signature).toBe(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
    expect(verifyWhatsAppSignature(raw, signature, secret)).toBe(true);
    expect(verifyWhatsAppSignature(raw, `sha256=${signature.slice(7).toUpperCase()}`, secret)).toBe(true);
  });

  it('refuses the same JSON re-serialised, other bytes, another secret and malformed headers', () => {
    const signature = signWhatsApp(raw, secret);
    expect(raw.toString('ascii')).toContain('\\u039a');
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))));
    expect(verifyWhatsAppSignature(reserialised, signature, secret)).toBe(false);
    expect(verifyWhatsAppSignature(Buffer.concat([raw, Buffer.from(' ')]), signature, secret)).toBe(false);
    expect(verifyWhatsAppSignature(raw, signWhatsApp(raw, 'other'), secret)).toBe(false);
    for (const header of [undefined, '', 'sha256=', signature.slice(0, -2), `sha1=${signature.slice(7)}`, `${signature}00`, signature.replace('sha256=', '')]) {
      expect(verifyWhatsAppSignature(raw, header, secret)).toBe(false);
    }
    expect(verifyWhatsAppSignature(raw, signature, '')).toBe(false);
  });
});

describe('config', () => {
  it('is off without the app secret or the verify token, and pins the Graph version by default', () => {
    expect(whatsappConfigFrom({})).toBeNull();
    expect(whatsappConfigFrom({ WHATSAPP_APP_SECRET: 's' })).toBeNull();
    expect(whatsappConfigFrom({ WHATSAPP_APP_SECRET: 's', WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_GRAPH_URL: '' })?.graphUrl).toBe(DEFAULT_GRAPH_URL);
    expect(DEFAULT_GRAPH_URL).toMatch(/^https:\/\/graph\.facebook\.com\/v\d+\.\d+$/);
    expect(whatsappConfigFrom({ WHATSAPP_APP_SECRET: 's', WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_GRAPH_URL: 'http://127.0.0.1:9/v23.0/' })?.graphUrl).toBe('http://127.0.0.1:9/v23.0');
  });
});
