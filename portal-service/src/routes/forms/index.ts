import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FormDefinitionSchema, FormFieldSchema } from '../../access/form-definition';
import { badRequest, conflict } from '../../access/http-errors';
import { authOf } from '../../plugins/app/access-control';
import { requestMeta } from '../../plugins/app/identity';

const Form = z.object({
  slug: z.string(),
  clinicId: z.string(),
  title: z.string(),
  definition: z.array(FormFieldSchema),
  retentionDays: z.number().int(),
});

const formRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, audit, clock } = app.identity.deps;

  app.get('/', {
    config: { access: 'form:manage' },
    schema: { tags: ['admin'], summary: 'The form registry (form to clinic, labels, sensitivity)', response: { 200: z.object({ items: z.array(Form) }) } },
  }, async (request) =>
    db.transaction(async (tx) => {
      const res = await tx.query<{ slug: string; clinic_id: string; title: string; definition: unknown; retention_days: number }>(
        `SELECT slug, clinic_id, title, definition, retention_days FROM forms ORDER BY slug`,
      );
      await audit(tx, { event: 'admin.form.list', outcome: 'success', actorType: 'staff', actorId: authOf(request).staff.id, action: 'R', resourceType: 'form', detail: { count: res.rows.length } }, requestMeta(request));
      return {
        items: res.rows.map((r) => {
          const definition = FormDefinitionSchema.safeParse(r.definition);
          return { slug: r.slug, clinicId: r.clinic_id, title: r.title, definition: definition.success ? definition.data : [], retentionDays: Number(r.retention_days) };
        }),
      };
    }),
  );

  app.post('/', {
    config: { access: 'form:manage' },
    schema: {
      tags: ['admin'],
      summary: 'Register a form: which clinic its submissions belong to, and its field labels and sensitivity',
      body: z.strictObject({
        slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,127}$/),
        clinic: z.string().max(64),
        title: z.string().trim().min(1).max(200),
        definition: FormDefinitionSchema.default([]),
        retentionDays: z.number().int().min(1).max(36500).default(365),
      }),
      response: { 201: Form },
    },
  }, async (request, reply) => {
    const body = request.body;
    const keys = body.definition.map((f) => f.key);
    if (new Set(keys).size !== keys.length) throw badRequest('Each field key may appear only once.');
    const form = await db.transaction(async (tx) => {
      const clinic = await tx.query<{ id: string }>(`SELECT id FROM clinics WHERE code = $1 OR id::text = $1`, [body.clinic]);
      const clinicId = clinic.rows[0]?.id;
      if (!clinicId) throw badRequest('No clinic with that code.');
      const res = await tx.query(
        `INSERT INTO forms (slug, clinic_id, title, definition, retention_days, created_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6) ON CONFLICT (slug) DO NOTHING`,
        [body.slug, clinicId, body.title, JSON.stringify(body.definition), body.retentionDays, clock.now()],
      );
      if (res.rowCount === 0) throw conflict('A form with that slug is already registered.');
      await audit(tx, { event: 'admin.form.register', outcome: 'success', actorType: 'staff', actorId: authOf(request).staff.id, action: 'C', resourceType: 'form', resourceId: body.slug, clinicId, detail: { fields: keys.length } }, requestMeta(request));
      return { slug: body.slug, clinicId, title: body.title, definition: body.definition, retentionDays: body.retentionDays };
    });
    reply.code(201);
    return form;
  });
};

export default formRoutes;
