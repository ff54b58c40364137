import path from 'node:path';
import type { PortalConfig } from '@palisade/config';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import type { Db } from '../db/types';
import type { Kms } from '../keys/kms';
import { AuditChainer } from './chainer';
import { CheckpointSigner } from './checkpoint-key';

declare module 'fastify' {
  interface FastifyInstance {
    /** The process's audit chainer: flush() before any audit read that must be complete. */
    auditChain: AuditChainer;
  }
}

/** Where checkpoints go and how often, with the documented defaults for hand-built configurations. */
export function checkpointSettings(config: PortalConfig): { dir: string; everySeconds: number } {
  return config.auditCheckpoint ?? { dir: path.join(config.home, 'audit-checkpoints'), everySeconds: 300 };
}

/** The chainer of a portal process or CLI run: owner handle, checkpoint key under the KMS. */
export function createAuditChainer(owner: Db, kms: Kms, config: PortalConfig, clock: Clock, logger?: Pick<Logger, 'error' | 'warn' | 'debug'>): AuditChainer {
  const { dir, everySeconds } = checkpointSettings(config);
  return new AuditChainer(owner, { clock, logger, checkpoints: { signer: new CheckpointSigner(owner, kms, clock), dir, everySeconds } });
}
