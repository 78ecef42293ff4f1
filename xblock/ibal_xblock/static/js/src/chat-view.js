/* The chat's DOM, rendered from the chat state the app's protocol client keeps (IbalChat, in
 * ../build/ibal-chat.js). Message text only ever goes through textContent (never innerHTML), so
 * nothing a model or a learner writes can run as markup. Texts come translated from the block. */
(function (root) {
  'use strict';
  var lib = (root.IbalXBlockLib = root.IbalXBlockLib || {});
  // Keep following the conversation unless the learner scrolled up to read.
  var STICKY_SCROLL_PX = 80;

  function formatTime(value) {
    var date = value ? new Date(value) : new Date();
    if (isNaN(date.getTime())) date = new Date();
    return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  lib.createChatView = function (element, strings) {
    var errors = strings.errors || {};
    function part(name) { return element.querySelector('[data-part="' + name + '"]'); }
    var start = part('start');
    var startButton = part('start-button');
    var startError = part('start-error');
    var chat = part('chat');
    var status = part('status');
    var username = part('username');
    var logBox = part('log');
    var prompts = part('prompts');
    var composer = part('composer');
    var input = part('input');
    var nodes = new Map(); // message key -> {node, signature}
    var onRetry = function () {};
    var onPick = function () {};
    var welcomeNode = null;
    // Made once and reused, so a live region does not announce them again on every render.
    var loadingNote = el('p', 'ibal-msg-note', strings.loadingHistory);
    var failedNote = el('p', 'ibal-msg-note', strings.historyFailed);
    var notice = { code: null, node: null };

    function describe(code) { return errors[code] || errors.internal || code; }

    function nearBottom() {
      return logBox.scrollHeight - logBox.scrollTop - logBox.clientHeight < STICKY_SCROLL_PX;
    }

    function bubble(kind, text, time, label) {
      var node = el('div', 'ibal-msg ibal-msg-' + kind);
      if (label) node.setAttribute('aria-label', label);
      node.appendChild(el('span', 'ibal-msg-text', text));
      node.appendChild(el('time', 'ibal-msg-time', formatTime(time)));
      return node;
    }

    /** One bubble for one message of the chat state, chosen by its type. */
    function messageNode(message) {
      var node;
      if (message.type === 'user') {
        node = bubble('sent', message.content, message.createdAt, strings.you);
        node.setAttribute('data-client-message-id', message.clientMessageId);
        if (message.messageId) node.setAttribute('data-message-id', message.messageId);
        var statusText = strings['message_' + message.status];
        if (statusText) node.appendChild(el('span', 'ibal-msg-status', statusText));
        if (message.error) {
          var line = el('div', 'ibal-msg-error-line');
          line.setAttribute('role', 'alert');
          line.appendChild(el('span', '', describe(message.error.code)));
          if (message.error.retryable) {
            var retry = el('button', 'ibal-btn ibal-btn-retry', strings.retry);
            retry.type = 'button';
            retry.addEventListener('click', function () { onRetry(message.clientMessageId); });
            line.appendChild(retry);
          }
          node.appendChild(line);
        }
        return node;
      }
      node = bubble('received', message.content + (message.stopped ? ' ' + strings.stopped : ''),
        message.createdAt, strings.assistant);
      node.setAttribute('data-message-id', message.messageId);
      if (message.type === 'assistant-streaming') node.classList.add('ibal-msg-streaming');
      return node;
    }

    function signature(message) {
      return JSON.stringify([message.type, message.content, message.status, message.error, message.messageId,
        message.stopped]);
    }

    /** The prompts to offer: the course's starters on an empty chat, else the last reply's follow-ups. */
    function promptsFor(state, starters) {
      var last = state.messages[state.messages.length - 1];
      if (!last) return state.history.loading ? [] : starters;
      return last.type === 'assistant' ? last.followUps || [] : [];
    }

    function renderPrompts(list) {
      var current = Array.prototype.map.call(prompts.children, function (b) { return b.textContent; });
      if (current.join('\n') === list.join('\n')) return;
      prompts.textContent = '';
      list.forEach(function (prompt) {
        var button = el('button', 'ibal-prompt', prompt);
        button.type = 'button';
        button.addEventListener('click', function () { onPick(prompt); });
        prompts.appendChild(button);
      });
    }

    return {
      onStart: function (handler) { if (startButton) startButton.addEventListener('click', handler); },
      onClose: function (handler) { part('close-button').addEventListener('click', handler); },
      onRetry: function (handler) { onRetry = handler; },
      onPick: function (handler) { onPick = handler; },
      onSend: function (handler) {
        composer.addEventListener('submit', function (event) {
          event.preventDefault();
          var text = input.value.trim();
          if (text && handler(text)) input.value = '';
        });
        input.addEventListener('keydown', function (event) {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            composer.requestSubmit();
          }
        });
      },
      showStart: function (errorText) {
        chat.hidden = true;
        start.hidden = false;
        if (startButton) { startButton.disabled = false; startButton.focus(); }
        if (startError) { startError.textContent = errorText || ''; startError.hidden = !errorText; }
      },
      showChat: function () {
        start.hidden = true;
        chat.hidden = false;
        if (startButton) startButton.disabled = true;
        input.focus();
      },
      setStatus: function (name) {
        status.setAttribute('data-status', name);
        status.textContent = strings[name] || name;
      },
      setUser: function (name) { username.textContent = name || ''; },
      setWelcome: function (text) {
        welcomeNode = text ? bubble('received', text, null, strings.assistant) : null;
      },

      /** Brings the DOM in line with the chat state, touching only the bubbles that changed. */
      render: function (state, starters) {
        var follow = nearBottom();
        var wanted = welcomeNode ? [welcomeNode] : [];
        var seen = new Set();
        if (state.history.loading && state.messages.length === 0) wanted.push(loadingNote);
        if (state.history.failed) wanted.push(failedNote);
        state.messages.forEach(function (message) {
          var sig = signature(message);
          var known = nodes.get(message.key);
          if (!known || known.signature !== sig) {
            known = { node: messageNode(message), signature: sig };
            nodes.set(message.key, known);
          }
          seen.add(message.key);
          wanted.push(known.node);
        });
        nodes.forEach(function (_value, key) { if (!seen.has(key)) nodes.delete(key); });
        if (state.notice && notice.code !== state.notice) {
          notice = { code: state.notice, node: bubble('error', describe(state.notice), null, strings.error) };
          notice.node.setAttribute('role', 'alert');
        }
        if (state.notice) wanted.push(notice.node);
        wanted.forEach(function (node, i) {
          if (logBox.children[i] !== node) logBox.insertBefore(node, logBox.children[i] || null);
        });
        while (logBox.children.length > wanted.length) logBox.removeChild(logBox.lastChild);
        renderPrompts(promptsFor(state, starters || []));
        var last = state.messages[state.messages.length - 1];
        if (follow || (last && last.type === 'user' && last.status === 'queued')) {
          logBox.scrollTop = logBox.scrollHeight;
        }
      },

      reset: function () {
        logBox.textContent = '';
        prompts.textContent = '';
        username.textContent = '';
        input.value = '';
        nodes = new Map();
        welcomeNode = null;
        notice = { code: null, node: null };
      },
    };
  };
})(typeof window !== 'undefined' ? window : globalThis);
