package org.ibal.gateway.store;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.UUID;

/** The local EC P-256 private JWK the functions sign tokens with (JWT_SIGNING_KEY). */
public final class SigningKeys {
    private SigningKeys() {}

    /** Reads {@code file}, or creates it (mode 600) with a new key. */
    public static String loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        String jwk = generate();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(partial, jwk, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return jwk;
    }

    public static String generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            ECPublicKey pub = (ECPublicKey) pair.getPublic();
            ECPrivateKey priv = (ECPrivateKey) pair.getPrivate();
            return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ES256\",\"use\":\"sig\",\"kid\":\"local-"
                    + UUID.randomUUID().toString().substring(0, 8) + "\",\"x\":\""
                    + coordinate(pub.getW().getAffineX())
                    + "\",\"y\":\"" + coordinate(pub.getW().getAffineY()) + "\",\"d\":\"" + coordinate(priv.getS())
                    + "\"}";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate EC P-256 keys", e);
        }
    }

    /** JWK coordinates are unsigned, big-endian, exactly 32 bytes for P-256. */
    private static String coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }
}
