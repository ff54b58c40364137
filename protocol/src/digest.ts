/**
 * RFC 9530 Content-Digest with sha-256 only. The intake signature covers this
 * header, and the header pins the body, so together they authenticate the body.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { parseDictionary, serializeBytes } from './structured-fields';

const SHA256_BYTES = 32;

export function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

/** `sha-256=:<base64>:` for the exact body bytes (a string is taken as UTF-8). */
export function contentDigest(body: Uint8Array | string): string {
  return `sha-256=${serializeBytes(sha256(body))}`;
}

/**
 * The sha-256 digest bytes carried by a Content-Digest header, or undefined if
 * the header is malformed, carries any other algorithm, or carries more than
 * one. Refusing extra algorithms keeps one request from meaning two bodies.
 */
export function parseContentDigest(header: string | undefined): Buffer | undefined {
  if (typeof header !== 'string') return undefined;
  try {
    const dict = parseDictionary(header);
    const member = dict.get('sha-256');
    if (dict.size !== 1 || member === undefined || member.kind !== 'item') return undefined;
    if (member.params.size !== 0 || member.value.type !== 'bytes' || member.value.value.length !== SHA256_BYTES) return undefined;
    return member.value.value;
  } catch {
    return undefined;
  }
}

/** True only when the header is a well-formed sha-256 Content-Digest of exactly these bytes. */
export function verifyContentDigest(header: string | undefined, body: Uint8Array | string): boolean {
  const claimed = parseContentDigest(header);
  if (claimed === undefined) return false;
  return timingSafeEqual(claimed, sha256(body));
}
