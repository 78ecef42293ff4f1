/* The XBlock's initializer: the app's protocol client and chat state (IbalChat, built from
 * frontend/src into ../build/ibal-chat.js) signed in through the LMS, rendered by the view.
 * This block's conversation is kept per learner and per block (so per course) by the LMS,
 * through the remember_session handler, and resumed with its history on the next Start Chat. */
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
  var IbalChat = window.IbalChat;
  var sessionId = config.sessionId || null;
  var chat = null;
  // Bumped by Start and Close so a sign-in that finishes after Close Chat is dropped.
  var generation = 0;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  function write(level, area, message, details) {
    (log[level] || log.info)(area, message, details);
  }

  /** Tells the LMS which conversation this block shows for this learner ('' forgets it). */
  function remember(next) {
    if ((next || null) === sessionId) return;
    sessionId = next || null;
    fetch(runtime.handlerUrl(root, 'remember_session'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrfToken() },
      body: JSON.stringify({ sessionId: next || '' }),
      credentials: 'same-origin',
    }).then(function (response) {
      if (!response.ok) log.warn('session', 'the LMS did not keep the session (HTTP ' + response.status + ')');
    }, function (error) { log.warn('session', 'could not reach the LMS to keep the session', error); });
  }

  function onEvent(event) {
    switch (event.type) {
      case 'session':
        log.info('connection', 'connected: session ' + event.sessionId + ' for ' + event.username +
          (event.reconnected ? ' (resumed after a drop)' : ''));
        view.setUser(event.displayName || event.username);
        break;
      case 'sent':
        log.info('messages', 'sent message ' + event.clientMessageId);
        break;
      case 'ack':
        log.info('messages', 'ack ' + event.clientMessageId + ' -> ' + event.messageId);
        // Kept once a message landed in it: an empty session is not worth resuming.
        remember(event.sessionId);
        break;
      case 'reply':
        log.info('messages', 'reply ' + event.message.messageId + ' complete' + (event.message.stopped ? ' (stopped)' : ''));
        break;
      case 'error':
        log.warn('messages', 'error ' + event.code + (event.retryable ? ' (retryable)' : '') +
          (event.clientMessageId ? ' for ' + event.clientMessageId : ''));
        if (event.code === 'session_not_found' && !event.clientMessageId && chat) {
          // The kept conversation is gone (deleted, or another sign-in's): start a new one.
          remember('');
          chat.store.select(null);
        }
        break;
      case 'disconnected':
        log.warn('connection', 'closed' + (event.code === undefined ? ' (no answer to a ping)' : ' (code ' + event.code + ')'));
        break;
      case 'status':
        if (event.retryInMs !== undefined) {
          log.info('connection', 'reconnecting in ' + event.retryInMs + ' ms (attempt ' + event.attempt + ')');
        }
        break;
      case 'auth-failed':
        signedOut();
        break;
    }
  }

  function render(state) {
    view.setStatus(state.status);
    view.render(state, config.starterPrompts);
  }

  function online() { if (chat) chat.store.setOnline(true); }
  function offline() { if (chat) chat.store.setOnline(false); }

  function stopChat() {
    generation += 1;
    window.removeEventListener('online', online);
    window.removeEventListener('offline', offline);
    if (chat) {
      chat.store.dispose();
      chat.tokens.clear();
    }
    chat = null;
    view.reset();
    view.setStatus('disconnected');
  }

  function signedOut() {
    log.warn('auth', 'the sign-in expired and could not be renewed');
    stopChat();
    view.showStart(strings.signedOut);
  }

  function start() {
    log.info('user', 'clicked Start Chat');
    stopChat();
    var mine = generation;
    view.showChat();
    view.setStatus('connecting');
    var current = (chat = IbalChat.createLmsChat({
      wsUrl: config.wsUrl,
      apiUrl: config.apiUrl,
      lmsOrigin: config.lmsOrigin || '',
      authMode: config.authMode,
      assertionUrl: runtime.handlerUrl(root, 'get_assertion'),
      csrfToken: csrfToken,
      fetch: function (url, init) { return window.fetch(url, init); },
      log: write,
      onEvent: onEvent,
      onSignedOut: signedOut,
    }));
    current.tokens.signIn().then(function (tokens) {
      if (mine !== generation) return;
      view.setUser(tokens.user && (tokens.user.displayName || tokens.user.username));
      view.setWelcome(config.welcomeMessage);
      current.store.subscribe(render);
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
      current.store.setOnline(navigator.onLine);
      if (sessionId) log.info('session', 'resuming session ' + sessionId);
      current.store.start(sessionId);
      render(current.store.getState());
    }).catch(function (error) {
      if (mine !== generation) return;
      log.error('auth', 'sign-in failed', error);
      stopChat();
      view.showStart(error instanceof IbalChat.PopupBlockedError ? strings.popupBlocked : strings.signInFailed);
    });
  }

  function close() {
    log.info('user', 'clicked Close Chat');
    stopChat();
    view.showStart();
    log.info('connection', 'closed by the user');
  }

  // Course staff: the course's usage, signed in through the LMS like the chat (the server
  // checks the staff role from the assertion and answers 403 to anyone else).
  var usageHost = config.usage && host.querySelector('[data-part="usage"]');
  if (usageHost) {
    var usageStrings = config.usage.strings || {};
    var usageView = lib.createUsageView(usageHost, usageStrings);
    var usage = null;
    usageView.onShow(function () {
      log.info('usage', 'staff asked for the course usage');
      usage = usage || IbalChat.createLmsUsage({
        apiUrl: config.apiUrl,
        lmsOrigin: config.lmsOrigin || '',
        authMode: config.authMode,
        assertionUrl: runtime.handlerUrl(root, 'get_assertion'),
        csrfToken: csrfToken,
        fetch: function (url, init) { return window.fetch(url, init); },
        log: write,
      });
      usageView.setBusy(true);
      usage.load(config.usage.classId, config.usage.days).then(function (numbers) {
        usageView.setBusy(false);
        usageView.render(numbers);
      }, function (error) {
        usageView.setBusy(false);
        log.warn('usage', 'could not load the course usage', error);
        usageView.showError(error && error.code === 'forbidden' ? usageStrings.forbidden : usageStrings.failed);
      });
    });
  }

  view.onStart(start);
  view.onClose(close);
  view.onSend(function (text) {
    if (!chat) return false;
    chat.store.send(text);
    return true;
  });
  view.onPick(function (prompt) {
    log.info('user', 'picked a suggested question');
    if (chat) chat.store.send(prompt);
  });
  view.onRetry(function (clientMessageId) {
    log.info('user', 'retried ' + clientMessageId);
    if (chat) chat.store.retry(clientMessageId);
  });
  log.info('setup', 'ready (' + config.authMode + ' sign-in' + (sessionId ? ', session ' + sessionId + ' kept' : '') + ')');
}
