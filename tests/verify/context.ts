import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadCmsConfig, type CmsConfig } from '@palisade/config';
import { buildEnvelope, decodeBase64url, keySetFingerprint, signRequest, type EnvelopeV1, type SodiumLike } from '@palisade/protocol';
import sodium = require('libsodium-wrappers');
import { field, request, type HttpResult } from './http';
import type { VerifyOptions } from './options';
import type { CheckResult, Question, Status } from './report';

export interface KeySetDoc {
  payload: { keys: Array<{ kid: string; publicKey: string; notAfter: string | null }>; current: string; issuedAt: string };
  signingKey: string;
  sig: string;
}

/** Shared state of one verify run: options, the CMS's own configuration, results so far. */
export class VerifyContext {
  readonly checks: CheckResult[] = [];
  readonly tables: Record<string, string[][]> = {};
  readonly facts: Record<string, string> = {};
  readonly startedAt = new Date();
  /** Canary answer sealed into the probe submission: must never appear on the CMS side. */
  readonly canary = `palisade-canary-${randomUUID()}`;
  cms?: CmsConfig;
  sodium?: SodiumLike;

  constructor(readonly options: VerifyOptions) {}

  async init(): Promise<void> {
    await sodium.ready;
    this.sodium = sodium;
    const env = this.options.cmsEnv;
    const home = this.options.home;
    // loadCmsConfig creates development secrets when none exist: only read a CMS that is really there.
    const present = env.CMS_SIGNING_KEY !== undefined || (home !== undefined && fs.existsSync(path.join(home, 'secrets', 'cms.json')));
    if (!present) return;
    try {
      this.cms = loadCmsConfig(env);
    } catch {
      // Remote deployment without the CMS's configuration: the checks that need it say so.
      this.cms = undefined;
    }
  }

  record(question: Question, id: string, title: string, status: Status, evidence: string[]): void {
    this.checks.push({ id, question, title, status, evidence });
  }

  /** Runs one check; an exception is a failure with its message as evidence (never a crash of the whole run). */
  async check(question: Question, id: string, title: string, fn: () => Promise<{ status: Status; evidence: string[] }>): Promise<void> {
    try {
      const { status, evidence } = await fn();
      this.record(question, id, title, status, evidence);
    } catch (err) {
      this.record(question, id, title, 'fail', [`error: ${(err as Error).message}`]);
    }
  }

  async keySet(): Promise<KeySetDoc> {
    const res = await request(`${this.options.portalUrl}/intake/keys`);
    if (res.status !== 200) throw new Error(`GET /intake/keys answered ${res.status}`);
    return res.body as KeySetDoc;
  }

  /** The pin the CMS trusts; in development without one, the served key's own fingerprint (trust on first use). */
  pinFor(doc: KeySetDoc): { pin: string; source: string } {
    const configured = this.cms?.keysetPin ?? this.options.cmsEnv.VERIFY_KEYSET_PIN;
    if (configured) return { pin: configured, source: 'configured pin' };
    return { pin: keySetFingerprint(decodeBase64url(doc.signingKey)), source: 'trust on first use (no CMS_KEYSET_PIN in development)' };
  }

  async seal(form: string, answers: Record<string, string>): Promise<EnvelopeV1> {
    const doc = await this.keySet();
    const current = doc.payload.keys.find((k) => k.kid === doc.payload.current);
    if (!current || !this.sodium) throw new Error('the key set names no current key');
    return buildEnvelope(this.sodium, {
      id: randomUUID(),
      form,
      kid: current.kid,
      publicKey: decodeBase64url(current.publicKey),
      payload: { formVersion: 'verify-1', answers, submittedAt: new Date().toISOString() },
    });
  }

  /** A browser's submission: the envelope to the CMS's public route. */
  async submitToCms(envelope: EnvelopeV1): Promise<HttpResult> {
    return request(`${this.options.cmsUrl}/api/secure-forms/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(envelope),
    });
  }

  /** A signed intake call as the CMS makes it, with a hook to break one part of it. */
  async signedIntake(
    body: string,
    opts: { keyId?: string; privateKey?: string; now?: Date; sendBody?: string; headers?: Record<string, string>; url?: string } = {},
  ): Promise<{ res: HttpResult; headers: Record<string, string> }> {
    const cms = this.cms;
    if (!cms && !opts.privateKey) throw new Error("the CMS's signing key is not available here (run beside the CMS or give PALISADE_HOME)");
    const url = opts.url ?? this.options.intakeUrl;
    const headers: Record<string, string> = {
      ...signRequest({
        method: 'POST',
        url,
        contentType: 'application/json',
        body,
        keyId: opts.keyId ?? cms!.signing.keyId,
        privateKey: opts.privateKey ?? cms!.signing.privateKeyPem,
        now: opts.now,
      }),
      ...opts.headers,
    };
    const res = await request(url, { method: 'POST', headers, body: opts.sendBody ?? body });
    return { res, headers };
  }

  /** RFC 9421 headers signed with the CMS key for any URL (to present the CMS's credential where it must not work). */
  signedHeadersFor(url: string, method: string, body: string): Record<string, string> {
    if (!this.cms) return {};
    return signRequest({ method, url, contentType: 'application/json', body, keyId: this.cms.signing.keyId, privateKey: this.cms.signing.privateKeyPem });
  }

  async replay(headers: Record<string, string>, body: string): Promise<HttpResult> {
    return request(this.options.intakeUrl, { method: 'POST', headers, body });
  }
}

export function reasonOf(res: HttpResult): string {
  const reason = field(res.body, 'reason');
  const title = field(res.body, 'title');
  return typeof reason === 'string' ? reason : typeof title === 'string' ? title : '';
}
