// The second-factor step of the Strapi admin sign-in. It uses the access token
// the admin panel stored after the password step (cookie or local storage) and
// talks only to /admin/mfa/* on this origin.
(function () {
  'use strict';
  var TOKEN = 'jwtToken';
  var $ = function (id) { return document.getElementById(id); };
  var mode = 'totp';
  var state = null;

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split('; ') : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf('=');
      if (parts[i].slice(0, eq) === name) return decodeURIComponent(parts[i].slice(eq + 1));
    }
    return null;
  }

  function token() {
    var stored = localStorage.getItem(TOKEN);
    if (stored) { try { return JSON.parse(stored); } catch (e) { return null; } }
    return readCookie(TOKEN);
  }

  function storeToken(value) {
    if (localStorage.getItem(TOKEN)) localStorage.setItem(TOKEN, JSON.stringify(value));
    else document.cookie = TOKEN + '=' + encodeURIComponent(value) + '; Path=/admin; SameSite=Strict';
  }

  function say(text) { $('message').textContent = text; }

  function api(method, path, body, retried) {
    return fetch('/admin/mfa' + path, {
      method: method,
      credentials: 'same-origin',
      headers: { Authorization: 'Bearer ' + token(), Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (res) {
      if (res.status === 401 && !retried) {
        // The access token is short-lived; the refresh cookie renews it within the same sign-in.
        return fetch('/admin/access-token', { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (r) {
          if (!r.ok) return { status: 401, body: {} };
          return r.json().then(function (j) { storeToken(j.data.token); return api(method, path, body, true); });
        });
      }
      return res.json().catch(function () { return {}; }).then(function (json) { return { status: res.status, body: json }; });
    });
  }

  function signInAgain() {
    say('Your sign-in has expired. Sign in again with your password.');
    location.assign('/admin/auth/login');
  }

  function showError(res) {
    var err = (res.body && res.body.error) || {};
    if (res.status === 401) return signInAgain();
    $('code-error').textContent = err.message || 'Something went wrong. Try again.';
    $(mode === 'totp' ? 'code' : 'recovery').focus();
  }

  function showCodeForm() {
    $('code-form').hidden = false;
    $('toggle-recovery').hidden = !state.enrolled;
    $('code').focus();
  }

  function start() {
    if (!token()) return signInAgain();
    api('GET', '/status').then(function (res) {
      if (res.status !== 200) return res.status === 401 ? signInAgain() : showError(res);
      state = res.body.data;
      if (state.verified) return location.assign('/admin');
      if (state.locked) return say('Too many failed attempts: this account is locked for now. Try again later.');
      if (state.enrolled) {
        say('Enter the code your authenticator app shows for ' + state.email + '.');
        return showCodeForm();
      }
      return api('POST', '/enroll').then(function (enr) {
        if (enr.status !== 200) return showError(enr);
        say('Signed in as ' + state.email + '. One more step: set up your second factor.');
        $('qr').src = enr.body.data.qr;
        $('secret').textContent = enr.body.data.secret;
        $('enroll').hidden = false;
        showCodeForm();
      });
    });
  }

  $('toggle-recovery').addEventListener('click', function () {
    mode = mode === 'totp' ? 'recovery' : 'totp';
    var recovery = mode === 'recovery';
    $('code').hidden = recovery; $('code-label').hidden = recovery;
    $('recovery').hidden = !recovery; $('recovery-label').hidden = !recovery;
    $('toggle-recovery').textContent = recovery ? 'Use a code from the app instead' : 'Use a recovery code instead';
    $('code-error').textContent = '';
    $(recovery ? 'recovery' : 'code').focus();
  });

  $('code-form').addEventListener('submit', function (event) {
    event.preventDefault();
    $('code-error').textContent = '';
    var code = $('code').value.replace(/\s+/g, '');
    if (mode === 'totp' && !/^\d{6}$/.test(code)) { $('code-error').textContent = 'Enter the 6 digits your app shows.'; return; }
    var path = state.enrolled ? '/verify' : '/enroll/confirm';
    var body = mode === 'totp' ? { code: code } : { recoveryCode: $('recovery').value };
    $('submit').disabled = true;
    api('POST', path, body).then(function (res) {
      $('submit').disabled = false;
      if (res.status !== 200) return showError(res);
      if (res.body.data.recoveryCodes) {
        $('enroll').hidden = true; $('code-form').hidden = true;
        res.body.data.recoveryCodes.forEach(function (c) { var li = document.createElement('li'); li.textContent = c; $('code-list').appendChild(li); });
        $('codes').hidden = false;
        say('Your second factor is set up.');
        $('done').focus();
        return;
      }
      location.assign('/admin');
    });
  });

  $('done').addEventListener('click', function () { location.assign('/admin'); });

  $('sign-out').addEventListener('click', function () {
    fetch('/admin/logout', { method: 'POST', credentials: 'same-origin', headers: { Authorization: 'Bearer ' + token() } }).finally(function () {
      localStorage.removeItem(TOKEN);
      localStorage.removeItem('isLoggedIn');
      document.cookie = TOKEN + '=; Path=/admin; Expires=Thu, 01 Jan 1970 00:00:01 GMT';
      location.assign('/admin/auth/login');
    });
  });

  start();
})();
