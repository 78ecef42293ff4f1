/* One WebSocket to the IBAL backend: connects with ?ticket=, reconnects with jittered
 * exponential backoff after an unexpected close, keeps the connection alive with pings. */
(function (root) {
  'use strict';
  var lib = (root.IbalXBlockLib = root.IbalXBlockLib || {});
  var MAX_RECONNECT_ATTEMPTS = 6;
  var MAX_BACKOFF_MS = 30000;
  // API Gateway drops a WebSocket idle for 10 minutes.
  var PING_INTERVAL_MS = 4 * 60 * 1000;

  lib.backoffDelay = function (attempt, random) {
    var base = Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, attempt));
    return Math.round(base * (0.5 + (random === undefined ? Math.random() : random) / 2));
  };

  /**
   * options: wsUrl, getCredential(isReconnect) -> Promise<{name: 'ticket'|'token', value}>,
   * onFrame(frame), onStatus(status),
   * onOpen(isReconnect). Reports connecting, disconnected and error; the caller reports
   * connected once the backend has answered its hello.
   */
  lib.createConnection = function (options) {
    var log = lib.log;
    var socket = null;
    var attempt = 0;
    var closedByUser = false;
    var reconnectTimer = null;
    var pingTimer = null;

    function url(credential) {
      var separator = options.wsUrl.indexOf('?') >= 0 ? '&' : '?';
      return options.wsUrl + separator + credential.name + '=' + encodeURIComponent(credential.value);
    }

    function connect(isReconnect) {
      options.onStatus('connecting');
      options.getCredential(isReconnect).then(function (credential) {
        if (closedByUser) return;
        var target = url(credential);
        log.info('connection', 'connecting to ' + target);
        socket = new WebSocket(target);
        socket.onopen = function () {
          // Still "connecting" for the user: onOpen says hello, and the session is ready
          // (status "connected") only when the answer comes back.
          log.info('connection', 'socket open');
          attempt = 0;
          startPing();
          options.onOpen(isReconnect);
        };
        socket.onmessage = function (event) {
          var frame;
          try { frame = JSON.parse(event.data); } catch (_e) {
            log.warn('messages', 'ignored a frame that is not JSON');
            return;
          }
          options.onFrame(frame);
        };
        socket.onclose = function (event) {
          stopPing();
          socket = null;
          if (closedByUser) return;
          log.warn('connection', 'closed (code ' + event.code + ')');
          scheduleReconnect();
        };
        socket.onerror = function () { log.warn('connection', 'WebSocket error'); };
      }).catch(function (error) {
        if (closedByUser) return;
        log.error('auth', 'could not sign in to the WebSocket', error);
        scheduleReconnect();
      });
    }

    function scheduleReconnect() {
      if (attempt >= MAX_RECONNECT_ATTEMPTS) {
        log.error('connection', 'giving up after ' + attempt + ' reconnection attempts');
        options.onStatus('error');
        return;
      }
      var delay = lib.backoffDelay(attempt);
      attempt += 1;
      log.info('connection', 'reconnecting in ' + delay + ' ms (attempt ' + attempt + ')');
      options.onStatus('connecting');
      reconnectTimer = setTimeout(function () { connect(true); }, delay);
    }

    function startPing() {
      stopPing();
      pingTimer = setInterval(function () { send({ action: 'ping' }); }, PING_INTERVAL_MS);
    }
    function stopPing() { if (pingTimer) clearInterval(pingTimer); pingTimer = null; }

    function send(frame) {
      if (!socket || socket.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(frame));
      return true;
    }

    return {
      open: function () { closedByUser = false; attempt = 0; connect(false); },
      send: send,
      isOpen: function () { return !!socket && socket.readyState === WebSocket.OPEN; },
      close: function () {
        closedByUser = true;
        if (reconnectTimer) clearTimeout(reconnectTimer);
        reconnectTimer = null;
        stopPing();
        if (socket) socket.close(1000, 'closed by the user');
        socket = null;
        options.onStatus('disconnected');
        log.info('connection', 'closed by the user');
      },
    };
  };
})(typeof window !== 'undefined' ? window : globalThis);
