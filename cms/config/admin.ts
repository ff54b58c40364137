import { cmsConfig } from '../src/palisade-config';

export default () => {
  const c = cmsConfig();
  return {
    autoOpen: false,
    auth: { secret: c.secrets.adminJwtSecret },
    apiToken: { salt: c.secrets.apiTokenSalt },
    transfer: { token: { salt: c.secrets.transferTokenSalt } },
    secrets: { encryptionKey: c.secrets.encryptionKey },
    flags: { nps: false, promoteEE: false },
  };
};
