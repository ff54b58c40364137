import type { Core } from '@strapi/strapi';
import request from 'supertest';

export interface TestAdmin {
  id: number;
  email: string;
  password: string;
}

let counter = 0;

/** A fresh admin account (super admin unless a role code is given), created through Strapi's own service. */
export async function createAdmin(strapi: Core.Strapi, opts: { roleCode?: string; email?: string } = {}): Promise<TestAdmin> {
  counter += 1;
  const email = opts.email ?? `admin${counter}-${Date.now()}@clinic.example`;
  const password = `Correct horse battery staple ${counter}`;
  const role = opts.roleCode
    ? await strapi.db.query('admin::role').findOne({ where: { code: opts.roleCode } })
    : await strapi.service('admin::role').getSuperAdmin();
  const user = await strapi.service('admin::user').create({ email, firstname: 'Test', lastname: `Admin ${counter}`, password, isActive: true, roles: [role.id] });
  return { id: user.id as number, email, password };
}

/** Signs in with the password only (the first factor), as the admin UI does. */
export async function passwordLogin(strapi: Core.Strapi, admin: Pick<TestAdmin, 'email' | 'password'>): Promise<request.Response> {
  return request(strapi.server.httpServer).post('/admin/login').send({ email: admin.email, password: admin.password });
}

export async function passwordToken(strapi: Core.Strapi, admin: TestAdmin): Promise<string> {
  const res = await passwordLogin(strapi, admin);
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.token as string;
}
