// node --test: the redaction every [IbalXBlock] log line goes through (the reconnect backoff is
// the web app's protocol client's, tested in frontend/).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const src = path.join(__dirname, '..', '..', 'ibal_xblock', 'static', 'js', 'src');
const { redact, MASK } = require(path.join(src, 'redact.js'));

const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhZGEiLCJleHAiOjF9.c2lnbmF0dXJlLWJ5dGVz';

test('masks a bare JWT anywhere in a sentence', () => {
  const out = redact('got ' + JWT + ' from the LMS');
  assert.equal(out, 'got ' + MASK + ' from the LMS');
});

test('masks token= and ticket= in WebSocket URLs but keeps the rest of the URL', () => {
  const out = redact('connecting to wss://ws.example/prod?token=abc.def-ghi&auth_type=lms');
  assert.equal(out, 'connecting to wss://ws.example/prod?token=' + MASK + '&auth_type=lms');
  assert.equal(redact('wss://h/p?ticket=t-123'), 'wss://h/p?ticket=' + MASK);
});

test('masks assertion, accessToken and refreshToken values inside objects', () => {
  const out = redact({ assertion: JWT, accessToken: 'opaque-access', refreshToken: 'r3fr3sh', user: { username: 'ada' } });
  assert.ok(!out.includes('opaque-access'));
  assert.ok(!out.includes('r3fr3sh'));
  assert.ok(!out.includes('eyJ'));
  assert.ok(out.includes('"username":"ada"'), out);
});

test('masks secret-named values written as plain text', () => {
  assert.equal(redact('assertion: abc123'), 'assertion: ' + MASK);
  assert.equal(redact("client_secret='s3cr3t'"), "client_secret='" + MASK + "'");
  assert.equal(redact('password="a b c"'), 'password="' + MASK + '"');
});

test('leaves ordinary text and error codes alone', () => {
  assert.equal(redact('server error rate_limited (retryable)'), 'server error rate_limited (retryable)');
  assert.equal(redact({ type: 'error', code: 'rate_limited' }), '{"type":"error","code":"rate_limited"}');
});

test('redacts the message of an Error', () => {
  assert.equal(redact(new Error('bad token=xyz')), 'Error: bad token=' + MASK);
});
