/* Signing in to the IBAL backend. Tokens live only in this closure (memory), never in
 * localStorage. Seamless: the block's LMS handler signs an assertion that /api/auth/lms
 * trades for tokens. Popup: the backend's OAuth2 flow posts tokens back to this window. */
(function (root) {
  'use strict';
  var lib = (root.IbalXBlockLib = root.IbalXBlockLib || {});
  var POPUP_FEATURES = 'width=520,height=680';

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  function postJson(url, body, headers) {
    return fetch(url, {
      method: 'POST',
      headers: Object.assign({ 'Content-Type': 'application/json' }, headers || {}),
      body: JSON.stringify(body),
      credentials: 'same-origin',
    }).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (_e) { data = null; }
        if (!response.ok) {
          var error = new Error(describeError(response.status, data));
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  function describeError(status, data) {
    if (data && data.error && data.error.message) return 'HTTP ' + status + ' ' + data.error.message;
    if (data && typeof data.error === 'string') return 'HTTP ' + status + ' ' + data.error;
    return 'HTTP ' + status;
  }

  function trimSlash(url) { return String(url || '').replace(/\/+$/, ''); }

  lib.createAuth = function (config, runtime, element) {
    var log = lib.log;
    var apiUrl = trimSlash(config.apiUrl);
    var tokens = null;

    function keep(received, how) {
      if (!received || !received.accessToken) throw new Error('the backend answered without an access token');
      tokens = received;
      log.info('auth', 'signed in (' + how + ')', { user: received.user && received.user.username });
      return received;
    }

    function seamless() {
      log.info('auth', 'requesting an assertion from the LMS');
      var handlerUrl = runtime.handlerUrl(element, 'get_assertion');
      return postJson(handlerUrl, {}, { 'X-CSRFToken': csrfToken() })
        .then(function (signed) {
          log.info('auth', 'exchanging the assertion at ' + apiUrl + '/api/auth/lms');
          return postJson(apiUrl + '/api/auth/lms', { assertion: signed.assertion });
        })
        .then(function (received) { return keep(received, 'seamless'); });
    }

    function popup() {
      var lmsOrigin = config.lmsOrigin || window.location.origin;
      var apiOrigin = new URL(apiUrl).origin;
      var startUrl = apiUrl + '/api/oauth/openedx/start?origin=' + encodeURIComponent(lmsOrigin);
      log.info('auth', 'opening the sign-in popup', startUrl);
      return new Promise(function (resolve, reject) {
        var win = window.open(startUrl, 'ibal-sign-in', POPUP_FEATURES);
        if (!win) {
          var blocked = new Error('popup blocked');
          blocked.popupBlocked = true;
          reject(blocked);
          return;
        }
        var watcher = setInterval(function () {
          if (win.closed) finish(new Error('the sign-in popup was closed'));
        }, 500);
        function onMessage(event) {
          // Only the backend's own page may hand us tokens.
          if (event.origin !== apiOrigin) return;
          var data = event.data;
          if (!data || typeof data !== 'object') return;
          if (data.type === 'ibal:auth') finish(null, data.tokens);
          else if (data.type === 'ibal:auth-error') finish(new Error(data.code + ': ' + data.message));
        }
        function finish(error, received) {
          clearInterval(watcher);
          window.removeEventListener('message', onMessage);
          if (error) reject(error);
          else {
            try { resolve(keep(received, 'popup')); } catch (e) { reject(e); }
          }
        }
        window.addEventListener('message', onMessage);
      });
    }

    function refresh() {
      if (config.authMode === 'seamless') return seamless();
      if (tokens && tokens.refreshToken) {
        log.info('auth', 'refreshing the access token');
        return postJson(apiUrl + '/api/auth/refresh', { refreshToken: tokens.refreshToken })
          .then(function (received) { return keep(received, 'refresh'); });
      }
      return Promise.reject(new Error('no refresh token: sign in again'));
    }

    // Always a one-time ticket (30 s), never ?token=: the browser itself prints the
    // WebSocket URL to the console when a connection fails.
    function wsCredential() {
      if (!tokens) return Promise.reject(new Error('not signed in'));
      return postJson(apiUrl + '/api/auth/ws-ticket', {}, { Authorization: 'Bearer ' + tokens.accessToken })
        .then(function (answer) {
          if (!answer || !answer.ticket) throw new Error('the backend answered without a ticket');
          return { name: 'ticket', value: answer.ticket };
        });
    }

    return {
      signIn: function () { return config.authMode === 'oauth2_popup' ? popup() : seamless(); },
      wsCredential: wsCredential,
      refresh: refresh,
      user: function () { return tokens && tokens.user; },
      clear: function () { tokens = null; },
    };
  };
})(typeof window !== 'undefined' ? window : globalThis);
