package org.ibal.functions.domain.classes;

import java.time.Instant;

/** A one-time password-reset token (given out once, stored only as its hash) and when it stops working. */
public record ResetLink(String token, Instant expiresAt) {}
