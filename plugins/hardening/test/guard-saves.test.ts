import request from 'supertest';
import { bootCms, type TestCms } from '../../../cms/test/helpers/strapi';
import { bearer, clockOf, verifiedAdmin, type VerifiedAdmin } from './helpers/mfa';

let cms: TestCms;
let admin: VerifiedAdmin;
const http = () => request(cms.strapi.server.httpServer);

beforeAll(async () => {
  cms = await bootCms();
  admin = await verifiedAdmin(cms.strapi);
});
afterAll(async () => {
  await cms?.stop();
});

const attr = (name: string, type = 'string') => ({ action: 'update', name, properties: { type } });
const providerAttributes = () => Object.entries(cms.strapi.contentTypes['api::provider.provider']?.attributes ?? {}).map(([name, a]) => ({ action: 'update', name, properties: a }));
const saveSchema = (data: object) => http().post('/content-type-builder/update-schema').set(bearer(admin.token)).send({ data });

const refusedNaming = (res: request.Response, ...words: string[]) => {
  expect(res.status).toBe(400);
  expect(res.body.error.details.code).toBe('CLASSIFICATION_VIOLATION');
  for (const w of words) expect(res.body.error.message).toContain(w);
};

describe('the content-type builder cannot save what the classification forbids', () => {
  it('refuses a new content type that is not declared public', async () => {
    const res = await saveSchema({
      contentTypes: [
        { action: 'create', uid: 'api::visit.visit', kind: 'collectionType', displayName: 'Visit', singularName: 'visit', pluralName: 'visits', draftAndPublish: false, attributes: [{ action: 'create', name: 'title', properties: { type: 'string' } }] },
      ],
    });
    refusedNaming(res, 'api::visit.visit', 'not declared');
  });

  it('refuses a new field named like health data, naming the type and the field', async () => {
    const res = await saveSchema({ contentTypes: [{ action: 'update', uid: 'api::provider.provider', displayName: 'Provider', draftAndPublish: true, attributes: [...providerAttributes(), { action: 'create', name: 'dateOfBirth', properties: { type: 'date' } }] }] });
    refusedNaming(res, 'api::provider.provider', '"dateOfBirth"', 'health or identity data');
  });

  it('refuses removing the sensitivity tag from secure-form fields', async () => {
    const res = await saveSchema({
      components: [{ action: 'update', uid: 'forms.field', category: 'forms', displayName: 'Form field', attributes: [attr('key'), attr('label'), { action: 'delete', name: 'sensitivity' }] }],
    });
    refusedNaming(res, 'forms.field.sensitivity');
  });

  it('refuses through the older single-type endpoint too', async () => {
    const res = await http().post('/content-type-builder/content-types').set(bearer(admin.token)).send({ contentType: { singularName: 'faq2', pluralName: 'faq2s', displayName: 'Faq2', kind: 'collectionType', attributes: { symptoms: { type: 'text' } } } });
    refusedNaming(res, 'api::faq2.faq2');
  });

  it('refuses any save once an exception has expired, naming it', async () => {
    clockOf(cms.strapi).set(() => new Date('2028-01-15T00:00:00Z'));
    try {
      const res = await saveSchema({ contentTypes: [{ action: 'update', uid: 'api::provider.provider', displayName: 'Provider', draftAndPublish: true, attributes: providerAttributes() }] });
      refusedNaming(res, 'api::provider.provider.acceptingNewPatients', 'expired on 2027-12-31');
    } finally {
      clockOf(cms.strapi).set();
    }
  });

  it('lets a harmless change through to the builder (which here refuses only because this is not `strapi develop`)', async () => {
    const res = await saveSchema({ contentTypes: [{ action: 'update', uid: 'api::provider.provider', displayName: 'Provider', draftAndPublish: true, attributes: [...providerAttributes(), { action: 'create', name: 'nickname', properties: { type: 'string' } }] }] });
    expect(res.status).toBe(403);
    expect(res.body.error.details?.code).toBeUndefined();
    expect(res.body.error.message).toMatch(/Content-Type Builder modifications are disabled/);
  });
});

describe('secure-form definitions', () => {
  const cm = '/content-manager/collection-types/api::secure-form.secure-form';
  const form = (fields: object[]) => ({ title: 'Intake', slug: 'intake', clinicCode: 'riverside', retentionDays: 30, fields });

  it('refuses a field without a sensitivity tag, naming the form and the field, and stores nothing', async () => {
    const res = await http().post(cm).set(bearer(admin.token)).send(form([{ key: 'email', label: 'Email', type: 'email', sensitivity: 'contact' }, { key: 'history', label: 'History', type: 'textarea' }]));
    refusedNaming(res, 'Secure form "intake"', 'field "history" has no sensitivity tag');
    expect(await cms.strapi.db.query('api::secure-form.secure-form').count({})).toBe(0);
  });

  it('accepts a form whose fields are all tagged', async () => {
    await http().post(cm).set(bearer(admin.token)).send(form([{ key: 'history', label: 'History', type: 'textarea', sensitivity: 'clinical' }])).expect(201);
  });

  it('the classification report in the admin is empty for the shipped schema', async () => {
    const res = await http().get('/hardening/reports/classification').set(bearer(admin.token)).expect(200);
    expect(res.body.data.violations).toEqual([]);
  });
});
