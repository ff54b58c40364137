import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { QuestionnaireResponse } from 'fhir/r4';
import { z } from 'zod';
import { searchset } from '../../fhir/bundle';
import type { FhirCaller } from '../../fhir/caller';
import { FHIR_JSON } from '../../fhir/constants';
import { findForms } from '../../fhir/forms';
import { fhirNotFound } from '../../fhir/operation-outcome';
import { toQuestionnaireResponse } from '../../fhir/questionnaire-response';
import { parseDateParam, questionnaireRef, within } from '../../fhir/search-params';
import type { Db } from '../../db/types';
import { callerOf } from './gate';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FORMAT = z.enum(['json', 'application/json', 'application/fhir+json']).optional();
const DATE_PARAM = z.union([z.string().max(40), z.array(z.string().max(40)).max(4)]).optional();
const DEFAULT_COUNT = 20;
/** A browser clock may run ahead of the portal's; receipts earlier than authored by more than this are not searched. */
const AUTHORED_SKEW_MS = 24 * 3600 * 1000;

const SearchQuery = z.strictObject({
  questionnaire: z.string().max(600).optional(),
  authored: DATE_PARAM,
  _lastUpdated: DATE_PARAM,
  _count: z.coerce.number().int().min(1).max(50).optional(),
  _cursor: z.string().max(300).optional(),
  _format: FORMAT,
});

function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number }).statusCode === 404;
}

/**
 * Reads one submission through the caller's SubmissionRepository (policy,
 * clinic filter, RLS, masking, the submission.read audit row) and maps it.
 */
async function readResponse(db: Db, caller: FhirCaller, id: string, publicUrl: string): Promise<{ qr: QuestionnaireResponse; formVersion: string }> {
  const view = await caller.submissions.read(id);
  const [form] = await findForms(db, { clinics: undefined, slug: view.form });
  return { qr: toQuestionnaireResponse(view, form?.fields ?? [], publicUrl), formVersion: view.formVersion };
}

export const questionnaireResponseRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const base = app.config.publicUrl.replace(/\/+$/, '');

  app.get('/QuestionnaireResponse/:id', {
    config: { fhir: { resource: 'QuestionnaireResponse', interaction: 'read' } },
    schema: { tags: ['fhir'], summary: 'A submission, decrypted and masked for the caller, as an R4 QuestionnaireResponse', params: z.object({ id: z.string().max(64) }), querystring: z.strictObject({ _format: FORMAT }) },
  }, async (request, reply) => {
    // Our ids are uuids; anything else cannot exist (and must not reach a uuid column).
    if (!UUID.test(request.params.id)) throw fhirNotFound('QuestionnaireResponse');
    const { qr } = await readResponse(app.db, callerOf(request), request.params.id, base).catch((err: unknown) => {
      throw isNotFound(err) ? fhirNotFound('QuestionnaireResponse') : err;
    });
    return reply.type(FHIR_JSON).send(qr);
  });

  app.get('/QuestionnaireResponse', {
    config: { fhir: { resource: 'QuestionnaireResponse', interaction: 'search' } },
    schema: { tags: ['fhir'], summary: 'Search QuestionnaireResponses by questionnaire, authored and _lastUpdated (receipt time); a searchset Bundle', querystring: SearchQuery },
  }, async (request, reply) => {
    const caller = callerOf(request);
    const q = request.query;
    const authored = parseDateParam('authored', q.authored);
    const received = parseDateParam('_lastUpdated', q._lastUpdated);
    const ref = q.questionnaire === undefined ? undefined : questionnaireRef(q.questionnaire, base);
    const self = `${base}${request.url}`;
    if (q.questionnaire !== undefined && !ref) {
      return reply.type(FHIR_JSON).send(searchset({ resources: [], self, base: `${base}/fhir`, now: app.clock.now() }));
    }
    // The database knows receipt times; `authored` (the browser's time) is checked on each decrypted row.
    const authoredFloor = authored.from ? new Date(authored.from.getTime() - AUTHORED_SKEW_MS) : undefined;
    const from = received.from && authoredFloor ? (received.from > authoredFloor ? received.from : authoredFloor) : received.from ?? authoredFloor;
    const count = q._count ?? DEFAULT_COUNT;
    const page = await caller.submissions.list({ form: ref?.slug, from, to: received.to, cursor: q._cursor, limit: count });
    const resources: QuestionnaireResponse[] = [];
    for (const item of page.items) {
      const found = await readResponse(app.db, caller, item.id, base).catch((err: unknown) => {
        if (isNotFound(err)) return undefined;
        throw err;
      });
      if (!found) continue;
      if (ref?.version !== undefined && found.formVersion !== ref.version) continue;
      if (!within(authored, new Date(found.qr.authored ?? 0))) continue;
      resources.push(found.qr);
    }
    let next: string | undefined;
    if (page.nextCursor) {
      const url = new URL(self);
      url.searchParams.set('_cursor', page.nextCursor);
      next = url.toString();
    }
    return reply.type(FHIR_JSON).send(searchset({ resources, self, next, base: `${base}/fhir`, now: app.clock.now() }));
  });
};
