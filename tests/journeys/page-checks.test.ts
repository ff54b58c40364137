import { chromiumAvailable, launchChromium } from '../helpers/chromium';
import { cspViolations, journeyPage, seriousA11yViolations } from '../helpers/journey';

const itInChromium = chromiumAvailable() ? it : it.skip;

/**
 * The journeys pass when these checks find nothing; this proves they would
 * find something: a page with an inline script and style under a strict CSP,
 * an image without text and an unlabelled field.
 */
itInChromium('the per-page checks report CSP violations and serious accessibility failures', async () => {
  const browser = await launchChromium();
  try {
    const jp = await journeyPage(await browser.newContext());
    await jp.page.route('http://checks.localhost/', (route) =>
      route.fulfill({
        contentType: 'text/html',
        headers: { 'content-security-policy': "default-src 'self'" },
        body: '<!doctype html><html><body><img src="/a.png"><input type="text"><script>void 0</script><p style="color:red">x</p></body></html>',
      }),
    );
    await jp.page.goto('http://checks.localhost/');
    expect(await cspViolations(jp.page)).toEqual(expect.arrayContaining([expect.stringMatching(/^script-src-elem blocked inline/), expect.stringMatching(/^style-src-attr blocked inline/)]));
    expect(jp.problems().some((p) => /Content Security Policy/.test(p))).toBe(true);
    const a11y = await seriousA11yViolations(jp.page);
    expect(a11y).toEqual(expect.arrayContaining([expect.stringMatching(/^critical image-alt/), expect.stringMatching(/^critical label/), expect.stringMatching(/html-has-lang/)]));
  } finally {
    await browser.close();
  }
});
