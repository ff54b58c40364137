import fs from 'node:fs';
import type sodium from 'libsodium-wrappers';
import { readySodium } from './fixtures/envelopes';
import { startKeySetServer, type BenchKeySet } from './fixtures/keyset-server';
import { startCms, type BenchCms } from './procs/cms';
import type { CmsVariant } from './procs/cms-app';
import { benchRoot } from './procs/cms-app';
import { freePort, memoryOf, type Memory } from './procs/service';
import type { BenchOptions } from './model';
import { startPortal, type BenchPortal } from './procs/portal';
import { startService, type Service } from './procs/service';
import path from 'node:path';

export const CMS_VARIANTS = {
  product: { name: 'product', hardening: true, secureForms: true, benchType: true },
  noHardening: { name: 'no-hardening', hardening: false, secureForms: true, benchType: false },
  vanilla: { name: 'vanilla', hardening: false, secureForms: false, benchType: true },
} satisfies Record<string, CmsVariant>;

export type CmsVariantName = keyof typeof CMS_VARIANTS;

export interface MemoryRecord {
  idle: Memory;
  /** Filled when the process stops: its peak over the whole bench. */
  final?: Memory;
}

/** What rows share: lazily started servers, one temp root, and the cleanup list. */
export class BenchContext {
  readonly root = benchRoot();
  readonly memory = new Map<string, MemoryRecord>();
  private readonly cleanups: Array<() => Promise<void>> = [];
  private sodiumP?: Promise<typeof sodium>;
  private keysetP?: Promise<BenchKeySet>;
  private readonly cms = new Map<CmsVariantName, Promise<BenchCms>>();
  private portalP?: Promise<BenchPortal>;
  private bareP?: Promise<{ url: string; service: Service }>;
  private linkedCmsP?: Promise<BenchCms>;

  constructor(readonly opts: BenchOptions) {
    if (opts.profileDir) fs.mkdirSync(opts.profileDir, { recursive: true });
  }

  onCleanup(fn: () => Promise<void>): void {
    this.cleanups.push(fn);
  }

  sodium(): Promise<typeof sodium> {
    this.sodiumP ??= readySodium();
    return this.sodiumP;
  }

  keyset(): Promise<BenchKeySet> {
    this.keysetP ??= this.sodium().then(async (s) => {
      const k = await startKeySetServer(s);
      this.onCleanup(() => k.close());
      return k;
    });
    return this.keysetP;
  }

  /** A CMS variant whose forwards fail fast (nothing listens on the intake port): rows 1, 5, 7. */
  cmsVariant(name: CmsVariantName): Promise<BenchCms> {
    let p = this.cms.get(name);
    if (!p) {
      p = (async () => {
        const k = await this.keyset();
        const cms = await startCms({
          root: this.root,
          variant: CMS_VARIANTS[name],
          portalPublicUrl: k.url,
          portalIntakeUrl: `http://127.0.0.1:${await freePort()}/internal/intake`,
          keysetPin: k.pin,
          profileDir: this.opts.profileDir,
        });
        await this.recordIdle(cms.service.name, cms.service.pid, cms.service.log);
        this.onCleanup(async () => {
          const rec = this.memory.get(cms.service.name);
          if (rec) rec.final = cms.service.memory();
          await cms.service.stop();
        });
        return cms;
      })();
      this.cms.set(name, p);
    }
    return p;
  }

  /** The real portal on its own PostgreSQL database: rows 2, 3, 4, 7. */
  portal(): Promise<BenchPortal> {
    this.portalP ??= (async () => {
      const p = await startPortal(this.root, this.opts.profileDir);
      this.onCleanup(async () => {
        const rec = this.memory.get(p.service.name);
        if (rec) rec.final = p.service.memory();
        await p.service.stop();
        await p.db.drop();
      });
      await this.recordIdle(p.service.name, p.service.pid, p.service.log);
      return p;
    })();
    return this.portalP;
  }

  /** Bare Fastify + node-postgres baselines on the portal's database (rows 2 and 4). */
  barePortal(): Promise<{ url: string; service: Service }> {
    this.bareP ??= (async () => {
      const p = await this.portal();
      const port = await freePort();
      const service = await startService({
        name: 'bare-portal',
        script: path.join(__dirname, 'servers', 'bare-portal.js'),
        env: { BENCH_DATABASE_URL: p.db.url, BENCH_PORT: String(port) },
        health: `http://127.0.0.1:${port}/healthz`,
        logDir: this.root,
        profileDir: this.opts.profileDir,
      });
      this.onCleanup(() => service.stop());
      return { url: `http://127.0.0.1:${port}`, service };
    })();
    return this.bareP;
  }

  /** The product CMS wired to the real portal (key set pinned, its key trusted): row 3. */
  linkedCms(): Promise<BenchCms> {
    this.linkedCmsP ??= (async () => {
      const p = await this.portal();
      const ks = await p.keySet();
      const cms = await startCms({
        root: this.root,
        variant: { ...CMS_VARIANTS.product, name: 'linked', benchType: false },
        portalPublicUrl: p.staffUrl,
        portalIntakeUrl: p.intakeUrl,
        keysetPin: ks.pin,
        signing: { keyId: p.cmsKey.keyId, privatePem: p.cmsKey.privatePem },
        profileDir: this.opts.profileDir,
        // The product's default sweep, so anything not delivered at once still goes.
        extraEnv: { CMS_OUTBOX_SWEEP_CRON: '*/30 * * * * *' },
      });
      this.onCleanup(() => cms.service.stop());
      return cms;
    })();
    return this.linkedCmsP;
  }

  /** Idle memory: after boot and a short settle, before any load. */
  async recordIdle(name: string, pid: number, log?: string): Promise<void> {
    await new Promise((r) => setTimeout(r, this.opts.quick ? 500 : 3000));
    if (!fs.existsSync(`/proc/${pid}`))
      throw new Error(`${name} exited right after it answered its health check:\n${log ? fs.readFileSync(log, 'utf8').slice(-1500) : ''}`);
    this.memory.set(name, { idle: memoryOf(pid) });
  }

  /** Peak memory so far of a running service, without stopping it. */
  notePeak(name: string, m: Memory): void {
    const rec = this.memory.get(name);
    if (rec) rec.final = m;
  }

  async close(): Promise<void> {
    for (const fn of this.cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        process.stderr.write(`cleanup: ${(err as Error).message}\n`);
      }
    }
    // BENCH_KEEP_TMP=1 keeps the servers' logs and generated apps for a post-mortem.
    if (process.env.BENCH_KEEP_TMP) process.stderr.write(`[bench] kept ${this.root}\n`);
    else fs.rmSync(this.root, { recursive: true, force: true });
  }
}
