import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditPort } from '../../fhir/audit-port';
import { searchset } from '../../fhir/bundle';
import { questionnaireClinics } from '../../fhir/caller';
import { FHIR_JSON } from '../../fhir/constants';
import { findForms } from '../../fhir/forms';
import { fhirNotFound } from '../../fhir/operation-outcome';
import { toQuestionnaire } from '../../fhir/questionnaire';
import { callerOf } from './gate';

const FORMAT = z.enum(['json', 'application/json', 'application/fhir+json']).optional();
const FHIR_ID = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/);

/** Registered forms as Questionnaires: labels and types only, limited to the caller's clinics. */
export function questionnaireRoutes(audit: AuditPort): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const base = app.config.publicUrl.replace(/\/+$/, '');

    app.get('/Questionnaire/:id', {
      config: { fhir: { resource: 'Questionnaire', interaction: 'read' } },
      schema: { tags: ['fhir'], summary: 'A registered form as an R4 Questionnaire', params: z.object({ id: FHIR_ID }), querystring: z.strictObject({ _format: FORMAT }) },
    }, async (request, reply) => {
      const caller = callerOf(request);
      const [form] = await findForms(app.db, { clinics: questionnaireClinics(caller.policy), slug: request.params.id });
      await app.db.transaction((tx) =>
        audit(tx, {
          event: 'fhir.read',
          outcome: form ? 'success' : 'failure',
          actorType: caller.actorType,
          actorId: caller.actorId,
          action: 'R',
          resourceType: 'Questionnaire',
          resourceId: request.params.id,
          clinicId: form?.clinicId ?? null,
          ip: request.ip,
          requestId: String(request.id),
          detail: form ? { via: 'fhir' } : { via: 'fhir', reason: 'not-found' },
        }),
      );
      if (!form) throw fhirNotFound('Questionnaire');
      return reply.type(FHIR_JSON).send(toQuestionnaire(form, base));
    });

    app.get('/Questionnaire', {
      config: { fhir: { resource: 'Questionnaire', interaction: 'search' } },
      schema: { tags: ['fhir'], summary: 'Search the Questionnaires the caller may see (by canonical url)', querystring: z.strictObject({ url: z.string().max(600).optional(), _count: z.coerce.number().int().min(1).max(200).optional(), _format: FORMAT }) },
    }, async (request, reply) => {
      const caller = callerOf(request);
      const forms = await findForms(app.db, { clinics: questionnaireClinics(caller.policy) });
      const resources = forms.map((f) => toQuestionnaire(f, base)).filter((q) => request.query.url === undefined || q.url === request.query.url.split('|')[0]);
      const page = resources.slice(0, request.query._count ?? 200);
      await app.db.transaction((tx) =>
        audit(tx, { event: 'fhir.read', outcome: 'success', actorType: caller.actorType, actorId: caller.actorId, action: 'R', resourceType: 'Questionnaire', ip: request.ip, requestId: String(request.id), detail: { via: 'fhir', count: page.length } }),
      );
      return reply.type(FHIR_JSON).send(searchset({ resources: page, self: `${base}${request.url}`, base: `${base}/fhir`, now: app.clock.now() }));
    });
  };
}
