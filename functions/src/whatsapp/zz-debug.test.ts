import express from 'express';
import request from 'supertest';
import { it, expect } from 'vitest';
import { signed } from '/work/main/functions/src/whatsapp/test-support/meta-payloads.js';
import { verifyWhatsAppSignature } from '/work/main/functions/src/whatsapp/whatsapp.signature.js';
it('x', async () => {
  const app = express();
  app.post('/w', express.raw({ type: () => true }), (req, res) => { res.json({ isBuf: Buffer.isBuffer(req.body), len: req.body?.length, ok: verifyWhatsAppSignature(req.body, req.get('x-hub-signature-256'), 'app-secret-Καμπάνα') }); });
  const { raw, signature } = signed({ a: 'Γεια/x' }, 'app-secret-Καμπάνα');
  const res = await request(app).post('/w').set('content-type', 'application/json').set('x-hub-signature-256', signature).send(raw);
  console.log(res.body, raw.length, raw.toString());
});
