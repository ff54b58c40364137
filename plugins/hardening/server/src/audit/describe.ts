import type { AuditInput, ActorType, Outcome } from './record';

/** The parts of a Koa context the audit reads: route identity, params, auth and the response status. */
export interface RequestFacts {
  method: string;
  ip: string;
  status: number;
  params: Record<string, unknown>;
  route?: { handler?: unknown; info?: { pluginName?: string; apiName?: string } };
  auth?: { strategy?: { name?: string }; credentials?: { id?: unknown } };
  user?: { id?: unknown };
  /** Only identifier arrays (`documentIds`, `ids`) are read from a body; never anything else. */
  bodyIds?: unknown;
  /** Only the id of what a create returned. */
  createdId?: unknown;
  hasBearer: boolean;
}

// POSTs that only read (or are recorded elsewhere with more meaning).
const NOT_WRITES = new Set([
  'admin.authentication.accessToken',
  'admin.authentication.login',
  'admin.permission.check',
  'content-manager.collection-types.bulkFindForValidation',
  'content-manager.uid.checkUIDAvailability',
  'content-manager.uid.generateUID',
  'i18n.content-types.getNonLocalizedAttributes',
]);

const SUBJECT_BY_CONTROLLER: Record<string, string> = {
  'admin.user': 'admin::user',
  'admin.authenticated-user': 'admin::user',
  'admin.authenticated-session': 'admin::session',
  'admin.role': 'admin::role',
  'admin.api-token': 'admin::api-token',
  'admin.admin-token': 'admin::api-token',
  'admin.transfer': 'admin::transfer-token',
  'admin.webhooks': 'webhook',
  'admin.admin': 'admin::project-settings',
  'upload.admin-upload': 'plugin::upload.file',
  'upload.admin-file': 'plugin::upload.file',
  'upload.admin-folder': 'plugin::upload.folder',
  'upload.admin-folder-file': 'plugin::upload.file',
  'i18n.locales': 'plugin::i18n.locale',
};

export function statusToOutcome(status: number): Outcome {
  if (status < 400) return 'success';
  return status === 401 || status === 403 ? 'denied' : 'failure';
}

export function actionOf(f: RequestFacts): string | undefined {
  const handler = typeof f.route?.handler === 'string' ? f.route.handler : undefined;
  if (!handler) return undefined;
  // Content-API handlers already carry their uid (`api::faq.faq.find`).
  if (handler.includes('::')) return handler;
  const owner = f.route?.info?.pluginName ?? (f.route?.info?.apiName ? `api::${f.route.info.apiName}` : 'app');
  return `${owner}.${handler}`;
}

function idsFrom(v: unknown): string | undefined {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    const ids = v.filter((x) => typeof x === 'string' || typeof x === 'number').slice(0, 20);
    return ids.length ? ids.join(',') : undefined;
  }
  return undefined;
}

function actorOf(f: RequestFacts): { actorType: ActorType; actorId: string | null } {
  const strategy = f.auth?.strategy?.name;
  if (strategy === 'admin-token') return { actorType: 'admin-token', actorId: idsFrom(f.auth?.credentials?.id) ?? null };
  if (strategy === 'content-api-token' || strategy === 'api-token') return { actorType: 'api-token', actorId: idsFrom(f.auth?.credentials?.id) ?? null };
  if (f.user?.id !== undefined) return { actorType: 'admin', actorId: String(f.user.id) };
  return { actorType: 'anonymous', actorId: null };
}

/** An admin-API request as an audit record, or undefined when it is not worth one (a read by a signed-in admin). */
export function describeAdminRequest(f: RequestFacts): AuditInput | undefined {
  const action = actionOf(f);
  if (!action) return undefined;
  const actor = actorOf(f);
  const isWrite = f.method !== 'GET' && f.method !== 'HEAD' && f.method !== 'OPTIONS';
  // Admin tokens are credentials on their own: every use is recorded, reads included.
  if (!(isWrite && !NOT_WRITES.has(action)) && actor.actorType !== 'admin-token') return undefined;
  if (action.startsWith('hardening.mfa.')) return undefined;
  const controller = action.slice(0, action.lastIndexOf('.'));
  const p = f.params;
  const subject = idsFrom(p.model) ?? idsFrom(p.uid) ?? idsFrom(p.model_uid) ?? SUBJECT_BY_CONTROLLER[controller] ?? controller;
  const targetId = idsFrom(p.id) ?? idsFrom(p.documentId) ?? idsFrom(p.sourceId) ?? idsFrom(p.releaseId) ?? idsFrom(p.sessionId) ?? idsFrom(f.bodyIds) ?? idsFrom(f.createdId);
  return { ...actor, action, subject, targetId: targetId ?? null, ip: f.ip, outcome: statusToOutcome(f.status), status: f.status };
}

/** A content-API request made with an API token (or a rejected bearer token) as an audit record. */
export function describeTokenUse(f: RequestFacts): AuditInput | undefined {
  const actor = actorOf(f);
  if (actor.actorType === 'api-token') {
    return { ...actor, action: 'api-token.use', subject: actionOf(f) ?? null, targetId: idsFrom(f.params.id) ?? null, ip: f.ip, outcome: statusToOutcome(f.status), status: f.status };
  }
  if (f.hasBearer && (f.status === 401 || f.status === 403)) {
    return { actorType: 'anonymous', actorId: null, action: 'api-token.rejected', subject: actionOf(f) ?? null, ip: f.ip, outcome: 'denied', status: f.status };
  }
  return undefined;
}
