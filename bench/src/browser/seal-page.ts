/**
 * Runs inside Chromium (bundled by esbuild in row 6/3): times sealing a 4 KB
 * payload the way the widget does (protocol buildEnvelope: JSON, sealed box,
 * base64url) and libsodium's crypto_box_seal alone on the same bytes.
 */
import sodium from 'libsodium-wrappers';
import { buildEnvelope, type SodiumLike } from '@palisade/protocol/browser';

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
      payload: { form: 'new-patient-intake', formVersion: '1', answers: { notes: text }, submittedAt: new Date().toISOString() },
    });
    widget.push(performance.now() - t);
    t = performance.now();
    sodium.crypto_box_seal(raw, publicKey);
    sodiumOnly.push(performance.now() - t);
  }
  return { readyMs, widget, sodiumOnly };
}

(globalThis as unknown as { benchSeal: typeof measure }).benchSeal = measure;
