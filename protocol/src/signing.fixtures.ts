/** Shared keys and request builders for the signature tests. */
import { sign, type KeyObject } from 'node:crypto';
import { contentDigest } from './digest';
import { generateEd25519KeyPair } from './keys';
import { signatureBase, signatureParamsValue, type SignatureParamList } from './signature-base';
import { signRequest } from './signing';
import { serializeBytes } from './structured-fields';
import { verifyRequest, type VerifyRequestInput } from './verify-request';

export const URL_ = 'http://127.0.0.1:4001/internal/intake';
export const BODY = Buffer.from('{"v":1,"id":"0190f1c4-8a3b-7c2d-9e4f-5a6b7c8d9e0f"}');
export const NOW = new Date('2026-03-01T10:00:00Z');
export const NOW_S = NOW.getTime() / 1000;
export const { privateKey, publicKey } = generateEd25519KeyPair();
export const keys = new Map<string, KeyObject>([['cms-1', publicKey]]);

export function signed(overrides: Partial<Parameters<typeof signRequest>[0]> = {}) {
  return signRequest({
    method: 'POST', url: URL_, contentType: 'application/json', body: BODY, keyId: 'cms-1', privateKey, now: NOW, nonce: 'n-0123456789abcdef', ...overrides,
  });
}

export function check(headers: Record<string, string | undefined>, overrides: Partial<VerifyRequestInput> = {}) {
  return verifyRequest({ method: 'POST', url: URL_, headers, body: BODY, resolveKey: (k) => keys.get(k), now: NOW, ...overrides });
}

/** Signs a request with arbitrary (possibly off-profile) components and parameters, validly. */
export function crafted(components: readonly string[], params: SignatureParamList, key: KeyObject = privateKey) {
  const headers: Record<string, string> = { 'content-digest': contentDigest(BODY), 'content-type': 'application/json' };
  const values: Record<string, string> = {
    '@method': 'POST', '@target-uri': URL_, 'content-digest': headers['content-digest']!, 'content-type': 'application/json', '@path': '/internal/intake',
  };
  const paramsValue = signatureParamsValue(components, params);
  const base = signatureBase(components.map((name) => ({ name, value: values[name]! })), paramsValue);
  return { ...headers, 'signature-input': `sig1=${paramsValue}`, signature: `sig1=${serializeBytes(sign(null, Buffer.from(base), key))}` };
}

export const profileParams = (changes: Record<string, string | number | undefined> = {}): SignatureParamList => {
  const all: Record<string, string | number | undefined> = {
    created: NOW_S, expires: NOW_S + 60, nonce: 'n-1', keyid: 'cms-1', alg: 'ed25519', tag: 'palisade-intake', ...changes,
  };
  return Object.entries(all).filter((e): e is [string, string | number] => e[1] !== undefined);
};

