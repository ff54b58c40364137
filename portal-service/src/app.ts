import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { PortalConfig } from '@palisade/config';
import { auditAppender } from './audit/sink';
import { createAuditChainer } from './audit/chainer-setup';
import type { AuditChainer } from './audit/chainer';
import { systemClock, type Clock } from './clock';
import { openDatabases } from './db/open';
import type { Databases } from './db/types';
import { KeyCache, KeyService } from './keys/intake-keys';
import { kmsFromConfig, type Kms } from './keys/kms';
import { createLogger, type LoggerSetting } from './logging';
import appPlugins from './plugins/app';
import cookiePlugin from './plugins/external/cookie';
import dbPlugin from './plugins/external/db';
import envPlugin from './plugins/external/env';
import errorHandler from './plugins/external/error-handler';
import helmetPlugin from './plugins/external/helmet';
import rateLimitPlugin from './plugins/external/rate-limit';
import swaggerPlugin from './plugins/external/swagger';
import healthRoutes from './routes/health';
import intakeRoutes from './routes/intake';
import keySetRoutes from './routes/keyset';
import staffApi from './routes/staff-api';
import interopApi from './routes/fhir';
import staffUi from './ui';

export interface BuildAppsOptions {
  config: PortalConfig;
  clock?: Clock;
  /** pino options, a pino logger, or a destination stream (tests capture log lines with it). */
  logger?: LoggerSetting;
  /** Already-open databases (tests); otherwise opened from `config.database` and closed by `close()`. */
  databases?: Databases;
  /** Replaces the local master-key KMS. */
  kms?: Kms;
  /** Serve the Swagger UI at /docs (default true; the OpenAPI JSON is at /docs/json either way). */
  docsUi?: boolean;
}

export interface PortalApps {
  /** Public listener: staff API, /healthz, GET /intake/keys, /docs. Uses only the portal_app handle. */
  staff: FastifyInstance;
  /** Internal listener: POST /internal/intake and /healthz. Uses only the portal_ingest handle. */
  intake: FastifyInstance;
  databases: Databases;
  /** Links audit rows into the chain off the request path; flush() before reading the audit log in full. */
  auditChain: AuditChainer;
  close(): Promise<void>;
}

function baseInstance(logger: ReturnType<typeof createLogger>, bodyLimit?: number): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit,
    return503OnClosing: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  return app as unknown as FastifyInstance;
}

/**
 * Builds the portal's two listeners on shared resources: the databases (opened
 * once, one handle per role), the KMS and the key cache. Each listener sees only
 * its own role's handle. Nothing listens yet: server.ts calls listen().
 */
export async function buildApps(opts: BuildAppsOptions): Promise<PortalApps> {
  const { config } = opts;
  const clock = opts.clock ?? systemClock;
  const logger = createLogger(config.logLevel, opts.logger);
  const databases = opts.databases ?? (await openDatabases(config));
  const ownsDatabases = !opts.databases;
  const staff = baseInstance(logger.child({ listener: 'staff' }));
  const intake = baseInstance(logger.child({ listener: 'intake' }), config.intakeMaxBytes);
  let chainer: AuditChainer | undefined;

  try {
    const kms = opts.kms ?? (await kmsFromConfig(config));
    const cache = new KeyCache();
    // First start: the intake key and the key-set signing key are created by the
    // owner, so neither service role needs to write keys.
    await new KeyService(databases.owner, kms, clock, cache).ensure();
    const staffKeys = new KeyService(databases.app, kms, clock, cache);
    const intakeKeys = new KeyService(databases.ingest, kms, clock, cache);
    // Links audit rows off the request path; chains what a crash left behind before anything listens.
    chainer = createAuditChainer(databases.owner, kms, config, clock, logger.child({ component: 'audit-chain' }));
    await chainer.start();
    staff.decorate('auditChain', chainer);

    await staff.register(envPlugin, { config, clock });
    await staff.register(dbPlugin, { db: databases.app, kms, keys: staffKeys, service: 'portal-staff' });
    await staff.register(errorHandler);
    await staff.register(helmetPlugin);
    await staff.register(rateLimitPlugin);
    await staff.register(cookiePlugin);
    await staff.register(swaggerPlugin, { ui: opts.docsUi ?? true });
    await staff.register(appPlugins, {
      identity: {
        db: databases.app,
        clock,
        secrets: kms,
        keys: staffKeys,
        audit: auditAppender('portal-staff', clock),
        session: config.session,
        lockoutThreshold: config.lockoutThreshold,
        publicUrl: config.publicUrl,
        cookieSecure: config.cookieSecure,
      },
    });
    await staff.register(healthRoutes);
    await staff.register(keySetRoutes);
    await staff.register(staffApi);
    await staff.register(interopApi);
    await staff.register(staffUi);

    await intake.register(envPlugin, { config, clock });
    await intake.register(dbPlugin, { db: databases.ingest, kms, keys: intakeKeys, service: 'portal-intake' });
    await intake.register(errorHandler);
    await intake.register(healthRoutes);
    await intake.register(intakeRoutes);

    await Promise.all([staff.ready(), intake.ready()]);
  } catch (err) {
    await Promise.allSettled([staff.close(), intake.close(), chainer?.stop()]);
    if (ownsDatabases) await databases.close();
    throw err;
  }
  if (!chainer) throw new Error('audit chainer not started');
  const auditChain = chainer;

  return {
    staff,
    intake,
    databases,
    auditChain,
    async close() {
      await Promise.allSettled([staff.close(), intake.close()]);
      // After the listeners: every audited request has committed, so the last rows are chained and checkpointed.
      await auditChain.stop().catch((err: unknown) => logger.warn({ err }, 'audit chain not flushed at shutdown'));
      if (ownsDatabases) await databases.close();
    },
  };
}
