package org.ibal.functions.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** Where the signing key and API keys are read from: SSM_ENDPOINT, the SDK's endpoint variables, or the region. */
class SsmEndpointTest {

    @Test
    void ssmEndpoint_isTheRegionalOne_whenNothingIsSet() {
        assertThat(AwsClients.ssmEndpoint(name -> null, Region.EU_WEST_1))
                .hasToString("https://ssm.eu-west-1.amazonaws.com");
    }

    @Test
    void ssmEndpoint_prefersSsmEndpoint_thenTheSdksServiceVariable_thenItsGlobalOne() {
        Map<String, String> all = Map.of(
                "SSM_ENDPOINT",
                "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL_SSM",
                "http://ssm.local:1",
                "AWS_ENDPOINT_URL",
                "http://all.local:2");
        Map<String, String> sdk =
                Map.of("AWS_ENDPOINT_URL_SSM", "http://ssm.local:1", "AWS_ENDPOINT_URL", "http://all.local:2");
        Map<String, String> global = Map.of("AWS_ENDPOINT_URL", " http://localhost.localstack.cloud:4566 ");

        assertThat(AwsClients.ssmEndpoint(all::get, Region.US_EAST_1)).hasToString("http://127.0.0.1:4566");
        assertThat(AwsClients.ssmEndpoint(sdk::get, Region.US_EAST_1)).hasToString("http://ssm.local:1");
        assertThat(AwsClients.ssmEndpoint(global::get, Region.US_EAST_1))
                .hasToString("http://localhost.localstack.cloud:4566");
    }
}
