package org.ibal.functions.domain.auth;

import org.ibal.functions.domain.User;

/** What register, login and refresh answer. */
public record Tokens(String accessToken, String refreshToken, long expiresIn, User user) {}
