// The plugin's middlewares are installed from register.ts, ahead of Strapi's body parser.
export default {};
