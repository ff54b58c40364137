import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { tryBoot } from './helpers/boot';
import { productionEnv } from './helpers/production-env';

type Classification = { contentTypes: Record<string, unknown>; exceptions: Array<Record<string, string>> };
const edit = (fn: (c: Classification) => void) => (strapi: Core.Strapi) => {
  const c = structuredClone(strapi.config.get('classification')) as Classification;
  fn(c);
  strapi.config.set('classification', c);
};

describe('in production the CMS refuses to start on a classification violation', () => {
  it('a content type that is not declared public', async () => {
    const boot = await tryBoot(productionEnv(), edit((c) => delete c.contentTypes['api::faq.faq']));
    expect(boot.error?.message).toMatch(/Content type api::faq\.faq is not declared in cms\/config\/classification\.ts/);
  });

  it('a field named like health data, without a valid exception', async () => {
    const boot = await tryBoot(productionEnv(), edit((c) => (c.exceptions = [])));
    expect(boot.error?.message).toMatch(/api::provider\.provider: field "acceptingNewPatients" looks like health or identity data/);
  });

  it('an expired exception', async () => {
    const boot = await tryBoot(
      productionEnv(),
      edit((c) => (c.exceptions = [{ target: 'api::provider.provider.acceptingNewPatients', owner: 'web content lead', reason: 'public flag', expires: '2020-01-31' }])),
    );
    expect(boot.error?.message).toMatch(/exception for api::provider\.provider\.acceptingNewPatients \(owner: web content lead\) expired on 2020-01-31/);
  });

  it('a stored secure-form field without a sensitivity tag', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-guard-'));
    try {
      const dev = await tryBoot({ PALISADE_HOME: home });
      // Written under the document service (as an import or an old version would): the guard refuses such saves itself.
      const form = await dev.strapi!.db.query('api::secure-form.secure-form').create({
        data: { title: 'Intake', slug: 'intake', clinicCode: 'riverside', retentionDays: 30, documentId: 'intakeform1' },
      });
      const field = await dev.strapi!.db.query('forms.field').create({ data: { key: 'history', label: 'History', type: 'textarea' } });
      await dev.strapi!.db.connection('secure_forms_cmps').insert({ entity_id: form.id, cmp_id: field.id, component_type: 'forms.field', field: 'fields', order: 1 });
      await dev.stop();

      const prod = await tryBoot({ ...productionEnv(), PALISADE_HOME: home });
      expect(prod.error?.message).toMatch(/Secure form "intake": field "history" has no sensitivity tag/);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('with nothing to refuse it starts, and sends HSTS', async () => {
    const boot = await tryBoot(productionEnv());
    try {
      expect(boot.error).toBeUndefined();
      const res = await request(boot.strapi!.server.httpServer).get('/api/faqs');
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await boot.stop();
    }
  });
});
