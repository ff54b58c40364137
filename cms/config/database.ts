import fs from 'node:fs';
import path from 'node:path';
import { cmsConfig } from '../src/palisade-config';

export default () => {
  const { database } = cmsConfig();
  if (database.client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: { connectionString: database.url },
        pool: { min: 0, max: 10 },
      },
    };
  }
  fs.mkdirSync(path.dirname(database.filename), { recursive: true });
  return {
    connection: {
      client: 'sqlite',
      connection: { filename: database.filename },
      useNullAsDefault: true,
    },
  };
};
