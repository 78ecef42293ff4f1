package org.ibal.functions.adapter.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;

/**
 * Signs and verifies one throwaway JWS with the signing key on a daemon thread, started while the rest of the
 * function is still being built. The first use of P-256 in a fresh JVM is slow: the JDK builds its precomputed
 * tables for the curve's generator (~70 ms of a cold start at C1) and Nimbus's and the JCA's classes load. Done here,
 * that work overlaps Spring's and the AWS clients' start-up instead of delaying the first token check; a thread that
 * gets there second waits for the class initialisation already under way, so nothing is done twice. A failure is
 * ignored: the real signing or verification reports it.
 */
public final class SigningKeyWarmUp {
    private SigningKeyWarmUp() {}

    /** @return the thread, already started (nothing needs to wait for it; tests do) */
    public static Thread start(ECKey signingKey) {
        return Thread.ofPlatform().daemon().name("signing-key-warm-up").start(() -> {
            try {
                JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.ES256), new Payload("warm-up"));
                jws.sign(new ECDSASigner(signingKey));
                jws.verify(new ECDSAVerifier(signingKey.toPublicJWK()));
            } catch (JOSEException | RuntimeException ignored) {
                // Only a head start: the token service meets the same failure and says what it is.
            }
        });
    }
}
