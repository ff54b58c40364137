/** Public routes, under /api/secure-forms. Both are open by design: the envelope is sealed, the widget is public code. */
export default {
  type: 'content-api',
  routes: [
    {
      method: 'POST',
      path: '/submissions',
      handler: 'submission.create',
      // Media type and size are checked ahead of the body parser (see register.ts).
      config: { auth: false },
    },
    {
      method: 'GET',
      path: '/widget/:file',
      handler: 'widget.serve',
      config: { auth: false },
    },
  ],
};
