/** Public routes, under /api/secure-forms. Both are open by design: the envelope is sealed, the widget is public code. */
export default {
  type: 'content-api',
  routes: [
    {
      method: 'POST',
      path: '/submissions',
      handler: 'submission.create',
      config: { auth: false, middlewares: ['plugin::secure-forms.json-only'] },
    },
    {
      method: 'GET',
      path: '/widget/:file',
      handler: 'widget.serve',
      config: { auth: false },
    },
  ],
};
