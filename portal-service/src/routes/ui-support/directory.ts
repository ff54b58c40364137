import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccessPolicy } from '../../access/policy';
import { authOf } from '../../plugins/app/access-control';

const Directory = z.object({
  clinics: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
  forms: z.array(z.object({ slug: z.string(), title: z.string(), clinicId: z.string() })),
  staff: z.array(z.object({ id: z.string(), name: z.string(), clinicIds: z.array(z.string()) })),
});

/** Which clinics' names a person may see: their own clinical clinics, or all for the global roles. */
function visibleClinics(policy: AccessPolicy): { all: boolean; ids: readonly string[] } {
  const global = policy.can('clinic:manage') || policy.can('audit:search') || policy.can('staff:manage');
  return { all: global, ids: policy.clinicsFor('submission:list') };
}

/**
 * Names for the ids other answers carry (clinic, form, assignee, audit actor),
 * cut to what the person's policy already lets them see: a clinician learns
 * the colleagues of their own clinics and nothing about other clinics. No
 * health data, so no audit row.
 */
const directoryRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.identity.deps;

  app.get('/directory', {
    config: { access: 'authenticated' },
    schema: { tags: ['ui'], summary: 'Names of the clinics, forms and colleagues I may see', response: { 200: Directory } },
  }, async (request) => {
    const { policy } = authOf(request);
    const scope = visibleClinics(policy);
    const assignable = policy.clinicsFor('submission:update');
    return db.transaction(async (tx) => {
      const clinics = await tx.query<{ id: string; code: string; name: string }>(
        `SELECT id, code, name FROM clinics WHERE $1 OR id = ANY($2::uuid[]) ORDER BY name`,
        [scope.all, scope.ids],
      );
      const forms = await tx.query<{ slug: string; title: string; clinic_id: string }>(
        `SELECT slug, title, clinic_id FROM forms WHERE clinic_id = ANY($1::uuid[]) ORDER BY title`,
        [scope.ids],
      );
      // Global readers of the audit log and admins need every name (EHR clients too, to read the
      // log's actors); clinical staff only their colleagues.
      const staff = await tx.query<{ id: string; display_name: string; clinic_ids: string[] | null }>(
        `SELECT s.id, s.display_name,
                array_remove(array_agg(DISTINCT r.clinic_id) FILTER (WHERE r.role IN ('clinician', 'front-desk') AND r.clinic_id = ANY($2::uuid[])), NULL) AS clinic_ids
         FROM staff s LEFT JOIN staff_roles r ON r.staff_id = s.id
         WHERE (s.active AND ($1 OR EXISTS (SELECT 1 FROM staff_roles x WHERE x.staff_id = s.id AND x.role IN ('clinician', 'front-desk') AND x.clinic_id = ANY($2::uuid[]))))
            OR ($1 AND s.kind = 'service')
         GROUP BY s.id, s.display_name ORDER BY s.display_name`,
        [scope.all, assignable],
      );
      return {
        clinics: clinics.rows,
        forms: forms.rows.map((f) => ({ slug: f.slug, title: f.title, clinicId: f.clinic_id })),
        staff: staff.rows.map((s) => ({ id: s.id, name: s.display_name, clinicIds: s.clinic_ids ?? [] })),
      };
    });
  });
};

export default directoryRoutes;
