import { readClassification } from './classification';
import { formFieldViolations } from './form-fields';
import { projectLegacyChange, projectUpdateSchema } from './snapshot';
import { schemaViolations, type SchemaSnapshot } from './violations';

const now = new Date('2026-03-01T12:00:00Z');

const baseSnapshot = (): SchemaSnapshot => ({
  contentTypes: [
    { uid: 'api::provider.provider', attributes: { name: { type: 'string' }, acceptingNewPatients: { type: 'boolean' } } },
    { uid: 'api::secure-form.secure-form', attributes: { title: { type: 'string' }, fields: { type: 'component', component: 'forms.field' } } },
    { uid: 'admin::user', attributes: { email: { type: 'email' } } },
  ],
  components: [
    {
      uid: 'forms.field',
      attributes: { key: { type: 'string' }, sensitivity: { type: 'enumeration', enum: ['contact', 'identity', 'clinical'] } },
    },
  ],
});

const classification = (exceptions: unknown[] = [{ target: 'api::provider.provider.acceptingNewPatients', owner: 'web team', reason: 'availability flag', expires: '2026-12-31' }]) =>
  readClassification({
    contentTypes: {
      'api::provider.provider': { classification: 'public', publicActions: ['find'] },
      'api::secure-form.secure-form': { classification: 'public' },
    },
    secureForms: { contentType: 'api::secure-form.secure-form', fieldsAttribute: 'fields', tagAttribute: 'sensitivity', tags: { contact: 'c', identity: 'i', clinical: 'k' }, fieldTags: { intake: { legacy: 'contact' } } },
    exceptions,
  });

describe('schemaViolations', () => {
  it('accepts the shipped shape: public types, the acceptingNewPatients exception, tagged fields', () => {
    expect(schemaViolations(baseSnapshot(), classification(), now)).toEqual([]);
  });

  it('refuses a content type that is not declared, naming it', () => {
    const snap = baseSnapshot();
    snap.contentTypes.push({ uid: 'api::visit.visit', attributes: { when: { type: 'datetime' } } });
    const v = schemaViolations(snap, classification(), now);
    expect(v).toEqual([expect.objectContaining({ rule: 'undeclared-type', target: 'api::visit.visit' })]);
    expect(v[0]?.message).toMatch(/api::visit\.visit is not declared/);
  });

  it('refuses a type declared as something other than public', () => {
    const c = classification();
    c.contentTypes['api::provider.provider'] = { classification: 'internal' };
    expect(schemaViolations(baseSnapshot(), c, now)).toEqual([expect.objectContaining({ rule: 'not-public', target: 'api::provider.provider' })]);
  });

  it('refuses a field named like health data, naming type and field', () => {
    const snap = baseSnapshot();
    snap.contentTypes[0]!.attributes.dateOfBirth = { type: 'date' };
    const v = schemaViolations(snap, classification(), now);
    expect(v).toEqual([expect.objectContaining({ rule: 'sensitive-name', target: 'api::provider.provider.dateOfBirth' })]);
    expect(v[0]?.message).toMatch(/api::provider\.provider: field "dateOfBirth".*word "birth"/);
  });

  it('checks component fields too', () => {
    const snap = baseSnapshot();
    snap.components[0]!.attributes.patientId = { type: 'string' };
    expect(schemaViolations(snap, classification(), now)).toEqual([expect.objectContaining({ target: 'forms.field.patientId' })]);
  });

  it('without its exception acceptingNewPatients is a violation', () => {
    expect(schemaViolations(baseSnapshot(), classification([]), now)).toEqual([
      expect.objectContaining({ rule: 'sensitive-name', target: 'api::provider.provider.acceptingNewPatients' }),
    ]);
  });

  it('an expired exception is a violation, naming its owner', () => {
    const v = schemaViolations(baseSnapshot(), classification([{ target: 'api::provider.provider.acceptingNewPatients', owner: 'web team', reason: 'r', expires: '2026-02-28' }]), now);
    expect(v).toEqual([expect.objectContaining({ rule: 'expired-exception', target: 'api::provider.provider.acceptingNewPatients' })]);
    expect(v[0]?.message).toMatch(/owner: web team.*expired on 2026-02-28/);
  });

  it('an exception still holds on its expiry day', () => {
    const v = schemaViolations(baseSnapshot(), classification([{ target: 'api::provider.provider.acceptingNewPatients', owner: 'o', reason: 'r', expires: '2026-03-01' }]), now);
    expect(v).toEqual([]);
  });

  it('an exception without owner, reason or a date is a violation', () => {
    for (const bad of [
      { target: 'api::provider.provider.acceptingNewPatients', owner: '', reason: 'r', expires: '2026-12-31' },
      { target: 'api::provider.provider.acceptingNewPatients', owner: 'o', reason: ' ', expires: '2026-12-31' },
      { target: 'api::provider.provider.acceptingNewPatients', owner: 'o', reason: 'r', expires: 'next year' },
    ]) {
      const rules = schemaViolations(baseSnapshot(), classification([bad]), now).map((v) => v.rule);
      expect(rules).toContain('malformed-exception');
      expect(rules).toContain('sensitive-name');
    }
  });

  it('refuses a field component that lost its sensitivity tag', () => {
    const snap = baseSnapshot();
    delete snap.components[0]!.attributes.sensitivity;
    expect(schemaViolations(snap, classification(), now)).toEqual([expect.objectContaining({ rule: 'missing-tag-attribute', target: 'forms.field.sensitivity' })]);
  });

  it('ignores admin and plugin internals', () => {
    const snap = baseSnapshot();
    snap.contentTypes.push({ uid: 'plugin::users-permissions.user', attributes: { birthday: { type: 'date' } } });
    expect(schemaViolations(snap, classification(), now)).toEqual([]);
  });
});

describe('formFieldViolations', () => {
  it('accepts tagged fields and fields tagged by the classification file', () => {
    const forms = [{ slug: 'intake', fields: [{ key: 'email', sensitivity: 'contact' }, { key: 'legacy', sensitivity: null }] }];
    expect(formFieldViolations(forms, classification())).toEqual([]);
  });

  it('names the form and the field that has no tag, or an unknown one', () => {
    const forms = [{ slug: 'intake', fields: [{ key: 'history', sensitivity: null }, { key: 'x', sensitivity: 'secret' }] }];
    const v = formFieldViolations(forms, classification());
    expect(v.map((x) => x.target)).toEqual(['intake.history', 'intake.x']);
    expect(v[0]?.message).toMatch(/Secure form "intake": field "history" has no sensitivity tag/);
    expect(v[1]?.message).toMatch(/unknown sensitivity tag "secret"/);
  });
});

describe('projections of content-type builder saves', () => {
  it('sees a new type and new fields before they are written', () => {
    const projected = projectUpdateSchema(baseSnapshot(), {
      data: {
        contentTypes: [
          { action: 'create', uid: 'api::visit.visit', attributes: [{ action: 'create', name: 'title', properties: { type: 'string' } }] },
          {
            action: 'update',
            uid: 'api::provider.provider',
            attributes: [
              { action: 'update', name: 'name', properties: { type: 'string' } },
              { action: 'update', name: 'acceptingNewPatients', properties: { type: 'boolean' } },
              { action: 'create', name: 'ssn', properties: { type: 'string' } },
            ],
          },
        ],
        components: [{ action: 'update', uid: 'forms.field', attributes: [{ action: 'update', name: 'key', properties: { type: 'string' } }, { action: 'delete', name: 'sensitivity' }] }],
      },
    });
    const targets = schemaViolations(projected, classification(), now).map((v) => v.target);
    expect(targets.sort()).toEqual(['api::provider.provider.ssn', 'api::visit.visit', 'forms.field.sensitivity'].sort());
  });

  it('a deleted type is gone from the projection', () => {
    const projected = projectUpdateSchema(baseSnapshot(), { data: { contentTypes: [{ action: 'delete', uid: 'api::provider.provider' }] } });
    expect(projected.contentTypes.map((c) => c.uid)).not.toContain('api::provider.provider');
  });

  it('projects the older single-model endpoints', () => {
    const created = projectLegacyChange(baseSnapshot(), {
      kind: 'contentType',
      body: { contentType: { singularName: 'visit', displayName: 'Visit', attributes: { symptoms: { type: 'text' } } } },
    });
    expect(schemaViolations(created, classification(), now).map((v) => v.target).sort()).toEqual(['api::visit.visit', 'api::visit.visit.symptoms']);
    const comp = projectLegacyChange(baseSnapshot(), { kind: 'component', body: { component: { category: 'forms', displayName: 'Extra', attributes: { allergies: { type: 'text' } } } } });
    expect(schemaViolations(comp, classification(), now).map((v) => v.target)).toEqual(['forms.extra.allergies']);
  });
});
