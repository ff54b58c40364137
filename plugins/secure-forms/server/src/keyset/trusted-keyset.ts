import { isKeySetDocument, keySetFingerprint, verifyKeySet, type KeySetDocument, type SodiumLike } from '@palisade/protocol';

/** A key set whose signature was checked against the pin. */
export interface TrustedKeySet {
  doc: KeySetDocument;
  fingerprint: string;
  verifiedAt: number;
}

export interface KeySetDeps {
  sodium: () => Promise<SodiumLike>;
  /** GET {portal}/intake/keys, parsed JSON; throws when the portal cannot be reached. */
  fetchDocument: () => Promise<unknown>;
  /** The configured pin, or null for trust-on-first-use (development only). */
  pin: string | null;
  allowTofu: boolean;
  /** Where the last good document and a first-use pin survive restarts. */
  persisted: {
    load(): Promise<{ doc: unknown; tofuPin: string | null } | null>;
    save(state: { doc: KeySetDocument; tofuPin: string | null }): Promise<void>;
  };
  cacheMs: number;
  now: () => number;
  warn: (message: string) => void;
}

/** The portal is asked at most this often (unknown kids, portal down), so junk input cannot hammer it. */
const REFRESH_FLOOR_MS = 5_000;

/**
 * The portal's intake key set as the CMS trusts it: fetched from the portal's
 * public origin, verified against the pinned signing-key fingerprint, cached
 * briefly, and kept (persisted) as the last good copy when the portal is down
 * so intake keeps working and rows wait in the outbox.
 */
export class KeySetTrust {
  private trusted: TrustedKeySet | undefined;
  private tofuPin: string | null = null;
  private loaded = false;
  private inflight: Promise<TrustedKeySet | undefined> | undefined;
  private lastFetchAt = -Infinity;

  constructor(private readonly deps: KeySetDeps) {}

  /** The verified key set: cached if fresh, else fetched; the last good copy if the portal is unreachable. */
  async get(options: { refresh?: boolean } = {}): Promise<TrustedKeySet | undefined> {
    await this.loadPersisted();
    const now = this.deps.now();
    const fresh = this.trusted !== undefined && now - this.trusted.verifiedAt < this.deps.cacheMs;
    const triedRecently = now - this.lastFetchAt < REFRESH_FLOOR_MS;
    if (this.inflight) return this.inflight;
    if (triedRecently || (fresh && options.refresh !== true)) return this.trusted;
    this.inflight = this.refresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** True when `kid` is in the verified set and not past its notAfter. */
  async acceptsKid(kid: string): Promise<boolean | undefined> {
    let set = await this.get();
    if (set && !this.listed(set, kid)) set = await this.get({ refresh: true }); // the portal may have just rotated
    if (!set) return undefined;
    return this.listed(set, kid);
  }

  /** The pin in force: configured, or learned on first use. */
  effectivePin(): string | null {
    return this.deps.pin ?? this.tofuPin;
  }

  private listed(set: TrustedKeySet, kid: string): boolean {
    const key = set.doc.payload.keys.find((k) => k.kid === kid);
    return key !== undefined && (key.notAfter === null || Date.parse(key.notAfter) > this.deps.now());
  }

  private async refresh(): Promise<TrustedKeySet | undefined> {
    this.lastFetchAt = this.deps.now();
    let doc: unknown;
    try {
      doc = await this.deps.fetchDocument();
    } catch (err) {
      this.deps.warn(`secure-forms: the portal key set could not be fetched (${(err as Error).message}); using the last verified copy`);
      return this.trusted;
    }
    const verified = await this.verify(doc, true);
    if (!verified) return this.trusted;
    this.trusted = verified;
    await this.deps.persisted.save({ doc: verified.doc, tofuPin: this.tofuPin });
    return verified;
  }

  private async verify(doc: unknown, fromPortal: boolean): Promise<TrustedKeySet | undefined> {
    let pin = this.effectivePin();
    if (pin === null) {
      if (!this.deps.allowTofu || !fromPortal || !isKeySetDocument(doc)) return undefined;
      pin = keySetFingerprint(doc.signingKey);
      this.deps.warn(`secure-forms: trusting the portal key-set signing key ${pin} on first use; set CMS_KEYSET_PIN to pin it (required in production)`);
    }
    const result = await verifyKeySet(await this.deps.sodium(), doc, pin, { now: new Date(this.deps.now()) });
    if (!result.ok) {
      if (fromPortal) this.deps.warn(`secure-forms: the portal key set was refused (${result.reason})`);
      return undefined;
    }
    if (this.effectivePin() === null) this.tofuPin = pin;
    return { doc: doc as KeySetDocument, fingerprint: pin, verifiedAt: this.deps.now() };
  }

  private async loadPersisted(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    const state = await this.deps.persisted.load();
    if (!state) return;
    if (this.deps.pin === null && this.deps.allowTofu) this.tofuPin = state.tofuPin;
    const verified = await this.verify(state.doc, false);
    // A persisted copy counts as stale at once: the next get() tries the portal first.
    if (verified) this.trusted = { ...verified, verifiedAt: -Infinity };
  }
}
