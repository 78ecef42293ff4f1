package org.ibal.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecurityHeadersUnitTest {
    @Test
    void connectSrc_namesSelfInPlaceOfTheExecuteApiHosts_andKeepsOtherSources() {
        assertThat(
                        SecurityHeaders.sameOriginApis(
                                "default-src 'self'; connect-src 'self' wss://abc.execute-api.eu-west-1."
                                        + "amazonaws.com https://def.execute-api.eu-west-1.amazonaws.com https://sentry.example; object-src 'none'"))
                .isEqualTo("default-src 'self'; connect-src 'self' https://sentry.example; object-src 'none'");
        assertThat(SecurityHeaders.sameOriginApis("default-src 'self'")).isEqualTo("default-src 'self'");
    }
}
