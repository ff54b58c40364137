/**
 * Runs inside Chromium (bundled by esbuild in row 6/3): times sealing a 4 KB
 * payload the way the widget does (protocol buildEnvelope: JSON, sealed box,
 * base64url) and libsodium's crypto_box_seal alone on the same bytes.
 */
import sodium from 'libsodium-wrappers';
import { buildEnvelope, type SodiumLike } from '@palisade/protocol/browser';

// Shaped like the demo form new-patient-intake (bench/src/fixtures/envelopes.ts DEMO_ANSWERS).
const ANSWERS = { fullName: 'Bench Patient', dateOfBirth: '1980-01-01', email: 'bench.patient@example.org', preferredLocation: 'Riverside Family Clinic', contactConsent: false };

interface SealTimes {
  readyMs: number;
  widget: number[];
  sodiumOnly: number[];
}

let readyAt = Number.NaN;
void sodium.ready.then(() => {
  readyAt = performance.now();
});

async function measure(count: number, bytes: number): Promise<SealTimes> {
  await sodium.ready;
  // libsodium initialises while the bundle evaluates, so this counts from navigation start: fetch, parse, WASM compile.
  const readyMs = readyAt;
  const { publicKey } = sodium.crypto_box_keypair();
  const s = sodium as unknown as SodiumLike;
  const text = 'x'.repeat(bytes);
  const raw = new TextEncoder().encode(text);
  const widget: number[] = [];
  const sodiumOnly: number[] = [];
  for (let i = 0; i < count; i++) {
    let t = performance.now();
    buildEnvelope(s, {
      id: crypto.randomUUID(),
      form: 'new-patient-intake',
      kid: 'bench-intake-1',
      publicKey,
      payload: { form: 'new-patient-intake', formVersion: '1', answers: { ...ANSWERS, reasonForVisit: text }, submittedAt: new Date().toISOString() },
    });
    widget.push(performance.now() - t);
    t = performance.now();
    sodium.crypto_box_seal(raw, publicKey);
    sodiumOnly.push(performance.now() - t);
  }
  return { readyMs, widget, sodiumOnly };
}

(globalThis as unknown as { benchSeal: typeof measure }).benchSeal = measure;

interface E2EInput {
  count: number;
  concurrency: number;
  form: string;
  kid: string;
  publicKey: number[];
  endpoint: string;
}

export interface E2ESample {
  id: string;
  /** Epoch ms when sealing began (same clock as the CMS: one machine). */
  start: number;
  sealMs: number;
  postMs: number;
  status: number;
  delivery: string;
}

/** Seals and posts `count` 4 KB submissions, `concurrency` at a time, as the widget would. */
async function e2e(input: E2EInput): Promise<E2ESample[]> {
  await sodium.ready;
  const s = sodium as unknown as SodiumLike;
  const publicKey = new Uint8Array(input.publicKey);
  const text = 'x'.repeat(2900);
  const samples: E2ESample[] = [];
  let next = 0;
  const worker = async () => {
    while (next < input.count) {
      next++;
      const start = Date.now();
      const t0 = performance.now();
      const envelope = buildEnvelope(s, {
        id: crypto.randomUUID(),
        form: input.form,
        kid: input.kid,
        publicKey,
        payload: { form: input.form, formVersion: '1', answers: { ...ANSWERS, reasonForVisit: text }, submittedAt: new Date().toISOString() },
      });
      const t1 = performance.now();
      const res = await fetch(input.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope) });
      const answer = (await res.json().catch(() => ({}))) as { status?: string };
      samples.push({ id: envelope.id, start, sealMs: t1 - t0, postMs: performance.now() - t1, status: res.status, delivery: answer.status ?? '' });
    }
  };
  await Promise.all(Array.from({ length: input.concurrency }, worker));
  return samples;
}

(globalThis as unknown as { benchE2E: typeof e2e }).benchE2E = e2e;
