package org.ibal.functions.domain.port;

public interface PasswordHasher {
    String hash(String password);

    boolean matches(String password, String hash);
}
