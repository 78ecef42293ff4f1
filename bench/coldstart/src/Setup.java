import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.ibal.functions.adapter.dynamo.IbalTable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Cold-start bench, before the measured runs (in its own JVM, so none of this warms them): creates the
 * table from the functions' own schema and prints one access token per line, signed with the key the
 * measured function verifies with. Environment: DYNAMODB_ENDPOINT, TABLE_NAME, JWT_SIGNING_KEY; args: count.
 */
public final class Setup {
    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                .endpointOverride(URI.create(System.getenv("DYNAMODB_ENDPOINT")))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            dynamo.createTable(IbalTable.createTableRequest(System.getenv("TABLE_NAME")));
        }
        ECKey key = ECKey.parse(System.getenv("JWT_SIGNING_KEY"));
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer("ibal").audience("ibal").subject("u_bench" + i)
                    .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                    .jwtID(UUID.randomUUID().toString())
                    .claim("provider", "local").claim("username", "bench" + i).claim("name", "Bench " + i)
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    // an access token is typed (RFC 8725) since the hardening; $connect refuses an untyped one
                    .type(JOSEObjectType.JWT).build(),
                    claims);
            jwt.sign(new ECDSASigner(key));
            System.out.println(jwt.serialize());
        }
    }
}
