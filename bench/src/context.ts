import fs from 'node:fs';
import type sodium from 'libsodium-wrappers';
import { readySodium } from './fixtures/envelopes';
import { startKeySetServer, type BenchKeySet } from './fixtures/keyset-server';
import { startCms, type BenchCms } from './procs/cms';
import type { CmsVariant } from './procs/cms-app';
import { benchRoot } from './procs/cms-app';
import { freePort, memoryOf, type Memory } from './procs/service';
import type { BenchOptions } from './model';

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
        await this.recordIdle(cms.service.name, cms.service.pid);
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

  /** Idle memory: after boot and a short settle, before any load. */
  async recordIdle(name: string, pid: number): Promise<void> {
    await new Promise((r) => setTimeout(r, this.opts.quick ? 500 : 3000));
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
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
