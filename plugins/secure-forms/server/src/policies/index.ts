/** The admin routes use Strapi's admin::hasPermissions; intake checks live in its middleware and controller. */
export default {};
