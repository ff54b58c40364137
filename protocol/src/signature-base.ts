/**
 * RFC 9421 §2.5 signature base: one `"<component>": <value>` line per covered
 * component, then the `"@signature-params"` line, joined by LF with no
 * trailing newline. Generic over components so the RFC's own test vectors can
 * be reproduced; the intake profile (signing.ts) picks the components.
 */
import { serializeInnerList, serializeString, type ParamValue } from './structured-fields';

export interface ComponentValue {
  /** Lowercase field name or derived component such as "@method". */
  name: string;
  value: string;
}

export type SignatureParamList = ReadonlyArray<readonly [string, ParamValue]>;

export class SignatureBaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignatureBaseError';
  }
}

/** The serialized `@signature-params` value, also the member value of Signature-Input. */
export function signatureParamsValue(componentNames: readonly string[], params: SignatureParamList): string {
  return serializeInnerList(componentNames, params);
}

export function signatureBase(components: readonly ComponentValue[], signatureParams: string): string {
  const seen = new Set<string>();
  const lines = components.map(({ name, value }) => {
    if (name !== name.toLowerCase() || name === '@signature-params') throw new SignatureBaseError(`invalid component name "${name}"`);
    if (seen.has(name)) throw new SignatureBaseError(`component "${name}" covered twice`);
    seen.add(name);
    // A newline would let one component forge another line of the base.
    if (/[\r\n]/.test(value)) throw new SignatureBaseError(`component "${name}" holds a line break`);
    return `${serializeString(name)}: ${value}`;
  });
  lines.push(`"@signature-params": ${signatureParams}`);
  return lines.join('\n');
}

/** RFC 9110 field value as used in a base: all lines joined with ", ", outer whitespace trimmed. */
export function fieldValue(raw: string | readonly string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const lines = typeof raw === 'string' ? [raw] : raw;
  if (lines.length === 0) return undefined;
  return lines.map((line) => line.trim()).join(', ');
}

/** `@target-uri`: the full absolute URL, normalized the same way on both sides (scheme/host case, default port). */
export function targetUri(url: string): string {
  return new URL(url).href;
}
