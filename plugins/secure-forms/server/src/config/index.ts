import { parsePluginConfig } from './schema';

export default {
  default: {
    portalIntakeUrl: 'http://127.0.0.1:4001/internal/intake',
    portalPublicUrl: 'http://patient.localhost:4000',
    signingKeyId: 'cms-dev-1',
    intakeMaxBytes: 65536,
    sweepCron: '*/30 * * * * *',
    keysetPin: null,
    keysetCacheSeconds: 60,
    portalTimeoutMs: 5000,
    outboxAlertSeconds: 900,
    shredRetentionDays: 30,
    allowKeysetTofu: false,
    formContentType: 'api::secure-form.secure-form',
  },
  validator(config: unknown) {
    parsePluginConfig(config);
  },
};
