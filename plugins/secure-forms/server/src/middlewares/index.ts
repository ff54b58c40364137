import jsonOnly from './json-only';

export default {
  'json-only': jsonOnly,
};
