import { cmsConfig } from '../src/palisade-config';

export default () => {
  const c = cmsConfig();
  return {
    host: c.host,
    port: c.port,
    url: c.publicUrl,
    proxy: c.nodeEnv === 'production',
    app: { keys: c.secrets.appKeys },
  };
};
