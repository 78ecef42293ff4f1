package org.ibal.functions.adapter.model;

import java.util.function.Function;

/**
 * A secret setting given inline ({@code FLOWISE_API_KEY}) or as the name of an SSM SecureString
 * ({@code FLOWISE_API_KEY_PARAMETER}) read once at init — the same rule as the JWT signing key, and the same
 * reader ({@code AwsClients::secureParameter}).
 */
public final class SecretSetting {
    private SecretSetting() {}

    /**
     * @param setting       the inline setting's name, for the error message
     * @param readParameter reads a decrypted SSM parameter; only called when a parameter is named
     * @return the secret, or null when neither is set
     */
    public static String resolve(
            String setting, String inline, String parameterName, Function<String, String> readParameter) {
        if (inline != null && !inline.isBlank()) {
            return inline.strip();
        }
        if (parameterName == null || parameterName.isBlank()) {
            return null;
        }
        try {
            String value = readParameter.apply(parameterName);
            return value == null || value.isBlank() ? null : value.strip();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Could not read " + setting + " from SSM parameter " + parameterName
                            + " (" + e.getClass().getSimpleName()
                            + "): check that it exists, is a SecureString and that "
                            + "the function may ssm:GetParameter and kms:Decrypt it",
                    e);
        }
    }
}
