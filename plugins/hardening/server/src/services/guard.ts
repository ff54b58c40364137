import type { Core, UID } from '@strapi/strapi';
import { readClassification, type Classification } from '../guard/classification';
import { formFieldViolations, type StoredForm } from '../guard/form-fields';
import { snapshotOf } from '../guard/snapshot';
import { schemaViolations, type SchemaSnapshot, type Violation } from '../guard/violations';

export class ClassificationError extends Error {
  constructor(readonly violations: Violation[]) {
    super(
      `The content classification guard refused this schema:\n${violations.map((v) => `  - ${v.message}`).join('\n')}`,
    );
    this.name = 'ClassificationError';
  }
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const now = () => (strapi.plugin('hardening').service('clock') as { now(): Date }).now();
  // Parsed once per config object: the form-save check runs on every document-service call.
  const parsed = new WeakMap<object, Classification>();

  const service = {
    classification(): Classification {
      const raw = strapi.config.get('classification') as object | undefined;
      if (!raw || typeof raw !== 'object') return readClassification(raw);
      let c = parsed.get(raw);
      if (!c) parsed.set(raw, (c = readClassification(raw)));
      return c;
    },

    snapshot(): SchemaSnapshot {
      return snapshotOf(strapi.contentTypes as never, strapi.components as never);
    },

    schemaViolations(snapshot: SchemaSnapshot = service.snapshot()): Violation[] {
      return schemaViolations(snapshot, service.classification(), now());
    },

    /** Every stored secure form, drafts included (Strapi skips required checks on drafts). */
    async storedForms(): Promise<StoredForm[]> {
      const sf = service.classification().secureForms;
      if (!sf || !strapi.contentTypes[sf.contentType as UID.ContentType]) return [];
      const rows = (await strapi.db.query(sf.contentType as UID.ContentType).findMany({ populate: { [sf.fieldsAttribute]: true } })) as Array<
        Record<string, unknown>
      >;
      return rows.map((r) => ({
        slug: typeof r.slug === 'string' ? r.slug : String(r.documentId ?? r.id),
        fields: Array.isArray(r[sf.fieldsAttribute]) ? (r[sf.fieldsAttribute] as Array<Record<string, unknown>>) : [],
      }));
    },

    async allViolations(): Promise<Violation[]> {
      return [...service.schemaViolations(), ...formFieldViolations(await service.storedForms(), service.classification())];
    },

    /**
     * At boot: production refuses to start on any violation (the process exits
     * with every message); development and test log each one loudly, because
     * there the content-type builder refuses the save itself.
     */
    async checkAtBoot(production: boolean): Promise<void> {
      const violations = await service.allViolations();
      if (violations.length === 0) return;
      if (production) throw new ClassificationError(violations);
      for (const v of violations) strapi.log.error(`[hardening] classification: ${v.message}`);
    },

    /** Throws a ValidationError (400 with the messages) when a form entry about to be saved has an untagged field. */
    formViolations(form: StoredForm): Violation[] {
      return formFieldViolations([form], service.classification());
    },
  };
  return service;
};
