/* The XBlock's initializer: wires sign-in, the connection and the view together. */
function IbalXBlock(runtime, element, config) {
  'use strict';
  var lib = window.IbalXBlockLib;
  var log = lib.log;
  var root = element && element.jquery ? element[0] : element;
  var host = root.classList.contains('ibal-xblock') ? root : root.querySelector('.ibal-xblock');
  var strings = config.strings || {};
  var view = lib.createChatView(host, strings);
  if (!config.configured) {
    log.warn('setup', 'ws_url/api_url are missing from XBLOCK_SETTINGS["IbalXBlock"]; the chat stays off');
    return;
  }
  var auth = lib.createAuth(config, runtime, root);
  var connection = null;
  var sessionId = null;
  var status = 'disconnected';
  // Bumped by Start and Close so a sign-in that finishes after Close Chat is dropped.
  var generation = 0;

  function newClientMessageId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return 'c-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
  }

  function send(text) {
    if (!connection || status !== 'connected') return false;
    var clientMessageId = newClientMessageId();
    var frame = { action: 'sendMessage', clientMessageId: clientMessageId, content: text };
    if (sessionId) frame.sessionId = sessionId;
    if (!connection.send(frame)) return false;
    view.addSent(text, clientMessageId);
    view.setPrompts([], pick);
    log.info('messages', 'sent message ' + clientMessageId + ' (' + text.length + ' chars)');
    return true;
  }
  function pick(prompt) {
    log.info('user', 'picked a suggested question');
    send(prompt);
  }

  function onFrame(frame) {
    switch (frame.type) {
      case 'user_info':
        sessionId = frame.sessionId || sessionId;
        view.setUser(frame.username || (auth.user() && auth.user().username));
        log.info('connection', 'connected: session ' + sessionId + ' for ' + frame.username);
        setStatus('connected');
        break;
      case 'ack':
        sessionId = frame.sessionId || sessionId;
        view.markAcked(frame);
        log.info('messages', 'ack ' + frame.clientMessageId + ' -> ' + frame.messageId);
        break;
      case 'chunk':
        view.applyChunk(frame);
        break;
      case 'message':
        view.applyMessage(frame);
        if (frame.followUps && frame.followUps.length) view.setPrompts(frame.followUps, pick);
        log.info('messages', 'reply ' + frame.messageId + ' complete' + (frame.stopped ? ' (stopped)' : ''));
        break;
      case 'error':
        if (frame.code === 'session_not_found' && sessionId) {
          // The session we resumed is gone (expired or deleted): open a fresh one.
          log.warn('messages', 'session ' + sessionId + ' not found; opening a new one');
          sessionId = null;
          connection.send({ action: 'hello' });
          break;
        }
        view.addError(frame.message || frame.code);
        log.warn('messages', 'server error ' + frame.code + (frame.retryable ? ' (retryable)' : ''), frame.message);
        break;
      case 'pong':
        break;
      default:
        log.warn('messages', 'ignored a frame of unknown type', frame.type);
    }
  }

  function setStatus(next) {
    status = next;
    view.setStatus(next);
    if (next === 'error') view.addError(strings.connectionLost);
  }

  function start() {
    log.info('user', 'clicked Start Chat');
    var mine = ++generation;
    view.reset();
    view.showChat();
    setStatus('connecting');
    auth.signIn().then(function (tokens) {
      if (mine !== generation) return;
      view.setUser(tokens.user && (tokens.user.username || tokens.user.displayName));
      view.addWelcome(config.welcomeMessage);
      view.setPrompts(config.starterPrompts, pick);
      connection = lib.createConnection({
        wsUrl: config.wsUrl,
        getCredential: function (isReconnect) {
          // A reconnect may follow an expired token: sign in again first.
          return (isReconnect ? auth.refresh() : Promise.resolve()).then(auth.wsCredential);
        },
        onFrame: onFrame,
        onStatus: setStatus,
        onOpen: function () {
          var hello = { action: 'hello' };
          if (sessionId) hello.sessionId = sessionId;
          connection.send(hello);
        },
      });
      connection.open();
    }).catch(function (error) {
      if (mine !== generation) return;
      log.error('auth', 'sign-in failed', error);
      setStatus('disconnected');
      view.showStart(error && error.popupBlocked ? strings.popupBlocked : strings.signInFailed);
    });
  }

  function close() {
    log.info('user', 'clicked Close Chat');
    generation += 1;
    if (connection) connection.close();
    connection = null;
    sessionId = null;
    auth.clear();
    view.reset();
    setStatus('disconnected');
    view.showStart();
  }

  view.onStart(start);
  view.onClose(close);
  view.onSend(send);
  log.info('setup', 'ready (' + config.authMode + ' sign-in)');
}
