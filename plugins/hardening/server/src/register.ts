import type { Core } from '@strapi/strapi';
import { installRequestAudit } from './audit/http';
import { guardFormSaves, guardSchemaSaves } from './guard/hooks';
import { installMfaGate } from './mfa/gate';
import { loginGuard } from './mfa/login-guard';
import { checkPasswordsEarly } from './password/hooks';
import { prependToAdminRoute } from './utils/admin-routes';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  guardSchemaSaves(strapi);
  guardFormSaves(strapi);
  installRequestAudit(strapi);
  installMfaGate(strapi);
  prependToAdminRoute(strapi, 'authentication.login', loginGuard(strapi));
  checkPasswordsEarly(strapi);
};
