package org.ibal.functions.domain.auth;

/** What a register request carries; any field may be missing (null) until {@link AuthService#register} checks it. */
public record Registration(String username, String password, String displayName, String inviteCode) {}
