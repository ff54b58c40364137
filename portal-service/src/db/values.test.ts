import { clinicIdsSetting } from './values';

describe('clinicIdsSetting', () => {
  it('joins lowercase uuids for the row-level-security setting', () => {
    expect(clinicIdsSetting(['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'])).toBe(
      '00000000-0000-4000-8000-00000000000a,00000000-0000-4000-8000-00000000000b',
    );
    expect(clinicIdsSetting(undefined)).toBe('');
  });

  // The PostgreSQL handle inlines this value into BEGIN's statement; anything but a uuid must never get there.
  it.each([["00000000-0000-4000-8000-00000000000a', true); DROP TABLE submissions; --"], ['00000000-0000-4000-8000-00000000000A'], ['']])(
    'refuses %p',
    (bad) => {
      expect(() => clinicIdsSetting([bad])).toThrow(TypeError);
    },
  );
});
