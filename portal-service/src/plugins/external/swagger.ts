import swagger from '@fastify/swagger';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export interface SwaggerOptions {
  /**
   * Serve the Swagger UI at /docs (default true). Tests turn it off: its static
   * file server requires an ES module, which jest's CommonJS runtime cannot load;
   * the OpenAPI document at /docs/json is served either way.
   */
  ui?: boolean;
}

/** OpenAPI from the zod route schemas, browsable at /docs (staff listener only). */
export default fp<SwaggerOptions>(
  async (app, opts) => {
    await app.register(swagger, {
      openapi: {
        info: { title: 'Palisade portal staff API', version: '1' },
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: '__Host-palisade_session' },
            csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
          },
        },
      },
      transform: jsonSchemaTransform,
    });
    if (opts.ui ?? true) {
      const { default: swaggerUi } = await import('@fastify/swagger-ui');
      await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
    } else {
      app.get('/docs/json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());
    }
  },
  { name: 'palisade-swagger' },
);
