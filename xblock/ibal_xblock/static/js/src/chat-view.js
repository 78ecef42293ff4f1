/* The chat's DOM. Message text only ever goes through textContent (never innerHTML), so
 * nothing a model or a learner writes can run as markup. */
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

  lib.createChatView = function (element, strings) {
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
    var sendButton = part('send-button');
    var replies = {}; // messageId -> {bubble, text, chunks: {seq: delta}}

    function nearBottom() {
      return logBox.scrollHeight - logBox.scrollTop - logBox.clientHeight < STICKY_SCROLL_PX;
    }
    function scrollToEnd(force) {
      if (force || nearBottom()) logBox.scrollTop = logBox.scrollHeight;
    }

    function bubble(kind, text, time, label) {
      var follow = nearBottom();
      var node = document.createElement('div');
      node.className = 'ibal-msg ibal-msg-' + kind;
      if (label) node.setAttribute('aria-label', label);
      var body = document.createElement('span');
      body.className = 'ibal-msg-text';
      body.textContent = text;
      var stamp = document.createElement('time');
      stamp.className = 'ibal-msg-time';
      stamp.textContent = formatTime(time);
      node.appendChild(body);
      node.appendChild(stamp);
      logBox.appendChild(node);
      scrollToEnd(follow || kind === 'sent');
      return node;
    }

    function replyFor(frame) {
      var reply = replies[frame.messageId];
      if (!reply) {
        var node = bubble('received', '', frame.ts, strings.assistant);
        node.classList.add('ibal-msg-streaming');
        node.setAttribute('data-message-id', frame.messageId);
        reply = replies[frame.messageId] = { bubble: node, text: node.querySelector('.ibal-msg-text'), chunks: {}, done: false };
      }
      return reply;
    }

    return {
      onStart: function (handler) { if (startButton) startButton.addEventListener('click', handler); },
      onClose: function (handler) { part('close-button').addEventListener('click', handler); },
      onSend: function (handler) {
        composer.addEventListener('submit', function (event) {
          event.preventDefault();
          var text = input.value.trim();
          if (text && handler(text)) input.value = '';
        });
        input.addEventListener('keydown', function (event) {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            composer.requestSubmit ? composer.requestSubmit() : sendButton.click();
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
        var usable = name === 'connected';
        sendButton.disabled = !usable;
        Array.prototype.forEach.call(prompts.querySelectorAll('button'), function (b) { b.disabled = !usable; });
      },
      setUser: function (name) { username.textContent = name || ''; },
      addWelcome: function (text) { if (text) bubble('received', text, null, strings.assistant); },
      addSent: function (text, clientMessageId) {
        var node = bubble('sent', text, null, strings.you);
        node.setAttribute('data-client-message-id', clientMessageId);
        return node;
      },
      markAcked: function (frame) {
        var node = logBox.querySelector('[data-client-message-id="' + CSS.escape(frame.clientMessageId) + '"]');
        if (node) node.setAttribute('data-message-id', frame.messageId);
      },
      applyChunk: function (frame) {
        var reply = replyFor(frame);
        if (reply.done || typeof frame.seq !== 'number' || reply.chunks[frame.seq] !== undefined) return;
        reply.chunks[frame.seq] = String(frame.delta || '');
        var follow = nearBottom();
        var seqs = Object.keys(reply.chunks).map(Number).sort(function (a, b) { return a - b; });
        reply.text.textContent = seqs.map(function (s) { return reply.chunks[s]; }).join('');
        scrollToEnd(follow);
      },
      applyMessage: function (frame) {
        var reply = replyFor(frame);
        var follow = nearBottom();
        reply.done = true;
        reply.text.textContent = String(frame.content || '') + (frame.stopped ? ' ' + strings.stopped : '');
        reply.bubble.classList.remove('ibal-msg-streaming');
        reply.bubble.querySelector('.ibal-msg-time').textContent = formatTime(frame.createdAt || frame.ts);
        scrollToEnd(follow);
      },
      addError: function (text) { bubble('error', text, null, strings.error); },
      setPrompts: function (list, onPick) {
        prompts.textContent = '';
        (list || []).forEach(function (prompt) {
          var button = document.createElement('button');
          button.type = 'button';
          button.className = 'ibal-prompt';
          button.textContent = prompt;
          button.disabled = status.getAttribute('data-status') !== 'connected';
          button.addEventListener('click', function () { onPick(prompt); });
          prompts.appendChild(button);
        });
      },
      reset: function () {
        logBox.textContent = '';
        prompts.textContent = '';
        username.textContent = '';
        input.value = '';
        replies = {};
      },
    };
  };
})(typeof window !== 'undefined' ? window : globalThis);
