/* Console logging with the [IbalXBlock] prefix; every argument goes through redact() first. */
(function (root) {
  'use strict';
  var lib = (root.IbalXBlockLib = root.IbalXBlockLib || {});
  var PREFIX = '[IbalXBlock]';

  function write(level, area, message, details) {
    var line = PREFIX + ' ' + area + ': ' + lib.redact(message);
    if (details !== undefined) line += ' ' + lib.redact(details);
    (console[level] || console.log).call(console, line);
  }

  lib.log = {
    info: function (area, message, details) { write('info', area, message, details); },
    warn: function (area, message, details) { write('warn', area, message, details); },
    error: function (area, message, details) { write('error', area, message, details); },
  };
})(typeof window !== 'undefined' ? window : globalThis);
