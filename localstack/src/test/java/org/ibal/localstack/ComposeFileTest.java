package org.ibal.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Docker users get the same LocalStack from docker compose as from Testcontainers. */
class ComposeFileTest {

    @Test
    void theComposeFile_pinsTheImageTheExtensionStarts() throws Exception {
        String compose = Files.readString(Path.of("docker-compose.yml"));

        assertThat(compose).contains("image: " + LocalStackExtension.IMAGE + "\n");
    }

    @Test
    void theComposeFile_listensOnLoopbackOnly_andFailsUnsupportedResourcesLoudly() throws Exception {
        String compose = Files.readString(Path.of("docker-compose.yml"));

        assertThat(compose)
                .contains("\"127.0.0.1:4566:4566\"")
                .contains("CFN_IGNORE_UNSUPPORTED_RESOURCE_TYPES: \"0\"");
    }
}
