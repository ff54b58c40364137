import { sign } from 'node:crypto';
import {
  contentDigest,
  newNonce,
  serializeBytes,
  signatureBase,
  signatureParamsValue,
  targetUri,
  type ParamValue,
} from '@palisade/protocol';
import type { TestCmsKey } from '../helpers/databases';
import { INTAKE_URL } from '../helpers/intake';

/**
 * A correctly signed request whose signature parameters or covered components
 * deviate from the profile: only the profile check can refuse it.
 */
export function craftSigned(
  cms: TestCmsKey,
  body: Buffer,
  now: Date,
  opts: { components?: string[]; alg?: string },
): Record<string, string> {
  const digest = contentDigest(body);
  const created = Math.floor(now.getTime() / 1000);
  const components = opts.components ?? ['@method', '@target-uri', 'content-digest', 'content-type'];
  const params: [string, ParamValue][] = [
    ['created', created],
    ['expires', created + 60],
    ['nonce', newNonce()],
    ['keyid', cms.keyId],
    ['alg', opts.alg ?? 'ed25519'],
    ['tag', 'palisade-intake'],
  ];
  const values: Record<string, string> = {
    '@method': 'POST',
    '@target-uri': targetUri(INTAKE_URL),
    'content-digest': digest,
    'content-type': 'application/json',
  };
  const paramsValue = signatureParamsValue(components, params);
  const base = signatureBase(components.map((name) => ({ name, value: values[name] ?? '' })), paramsValue);
  return {
    host: new URL(INTAKE_URL).host,
    'content-type': 'application/json',
    'content-digest': digest,
    'signature-input': `sig1=${paramsValue}`,
    signature: `sig1=${serializeBytes(sign(null, Buffer.from(base), cms.privateKey))}`,
  };
}
