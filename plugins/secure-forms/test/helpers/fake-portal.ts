import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicKey, type KeyObject } from 'node:crypto';
import sodium = require('libsodium-wrappers');
import {
  decodeBase64url,
  ed25519PublicKeyRaw,
  encodeBase64url,
  envelopeDigest,
  EnvelopeV1Schema,
  generateEd25519KeyPair,
  keySetFingerprint,
  openEnvelope,
  signKeySet,
  signReceipt,
  verifyRequest,
  type KeySetDocument,
  type Receipt,
  type SealedPayload,
} from '@palisade/protocol';

/**
 * A tiny stand-in for the portal, speaking the real contract (signed key set,
 * RFC 9421-verified intake, signed receipts), used only where a test needs the
 * portal to misbehave on purpose: forged receipts, receipts for another digest,
 * 500s. Everything else runs against the real portal.
 */
export type FakeMode = 'ok' | 'error-500' | 'forged-receipt' | 'other-digest' | 'no-receipt';

export interface FakePortal {
  url: string;
  intakeUrl: string;
  pin: string;
  mode: FakeMode;
  /** Envelope ids the fake accepted (opened and stored), in order, repeats included. */
  accepted: string[];
  /** Requests refused for a bad signature, by reason. */
  refused: string[];
  /** What the fake decrypted, by envelope id (the real portal keeps only ciphertext; this is a test double). */
  opened: Map<string, SealedPayload>;
  close(): Promise<void>;
}

export async function startFakePortal(cmsPublicKeyPem: string, keyId: string): Promise<FakePortal> {
  await sodium.ready;
  const setSigner = generateEd25519KeyPair();
  const forger = generateEd25519KeyPair();
  const intake = sodium.crypto_box_keypair();
  const cmsKey: KeyObject = createPublicKey(cmsPublicKeyPem);
  const keySet: KeySetDocument = signKeySet(
    { keys: [{ kid: 'fake-1', publicKey: encodeBase64url(intake.publicKey), notAfter: null }], current: 'fake-1', issuedAt: new Date().toISOString() },
    setSigner.privateKey,
  );
  const receipts = new Map<string, Receipt>();
  const state = { mode: 'ok' as FakeMode, accepted: [] as string[], refused: [] as string[], opened: new Map<string, SealedPayload>() };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        // Browsers fetch the key set from the site's origin, as from the real portal.
        res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'GET' && req.url === '/intake/keys') return send(200, keySet);
      if (req.method !== 'POST' || req.url !== '/internal/intake') return send(404, { title: 'not found' });
      const body = Buffer.concat(chunks);
      const verified = verifyRequest({
        method: 'POST',
        url: `http://${req.headers.host}${req.url}`,
        headers: req.headers,
        body,
        resolveKey: (k) => (k === keyId ? cmsKey : undefined),
      });
      if (!verified.ok) {
        state.refused.push(verified.reason);
        return send(401, { title: 'signature', reason: verified.reason });
      }
      if (state.mode === 'error-500') return send(500, { title: 'internal' });
      const envelope = EnvelopeV1Schema.parse(JSON.parse(body.toString('utf8')));
      state.opened.set(envelope.id, openEnvelope(sodium, envelope, intake.publicKey, intake.privateKey));
      state.accepted.push(envelope.id);
      const digest = envelopeDigest(envelope);
      const receipt = receipts.get(envelope.id) ?? signReceipt({ id: envelope.id, digest, receivedAt: new Date().toISOString() }, { kid: 'fake-receipt', privateKey: setSigner.privateKey });
      receipts.set(envelope.id, receipt);
      if (state.mode === 'no-receipt') return send(201, {});
      if (state.mode === 'forged-receipt') {
        return send(201, signReceipt({ id: envelope.id, digest, receivedAt: receipt.receivedAt }, { kid: 'fake-receipt', privateKey: forger.privateKey }));
      }
      if (state.mode === 'other-digest') {
        const other = 'sha256:' + encodeBase64url(new Uint8Array(32).fill(7));
        return send(201, signReceipt({ id: envelope.id, digest: other, receivedAt: receipt.receivedAt }, { kid: 'fake-receipt', privateKey: setSigner.privateKey }));
      }
      return send(201, receipt);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return Object.assign(state, {
    url,
    intakeUrl: `${url}/internal/intake`,
    pin: keySetFingerprint(ed25519PublicKeyRaw(setSigner.publicKey)),
    intakePublicKey: decodeBase64url(keySet.payload.keys[0]!.publicKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
