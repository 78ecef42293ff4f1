package org.ibal.functions.adapter.token;

import java.util.function.Function;

/**
 * Where the signing JWK comes from: {@code JWT_SIGNING_KEY} itself, or the SSM SecureString named by
 * {@code JWT_SIGNING_KEY_PARAMETER}, read once at init.
 */
public final class SigningKeySource {
    private SigningKeySource() {}

    /**
     * @param readParameter reads a decrypted SSM parameter by name (only called when a parameter is configured)
     * @return the JWK JSON, or null if neither setting is present
     */
    public static String resolve(String inlineJwk, String parameterName, Function<String, String> readParameter) {
        if (inlineJwk != null && !inlineJwk.isBlank()) {
            return inlineJwk;
        }
        if (parameterName != null && !parameterName.isBlank()) {
            try {
                return readParameter.apply(parameterName);
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "Could not read the JWT signing key from SSM parameter "
                                + parameterName + " (" + e.getClass().getSimpleName() + "): check that it exists, is a "
                                + "SecureString and that the function may ssm:GetParameter and kms:Decrypt it",
                        e);
            }
        }
        return null;
    }
}
