package org.ibal.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.ibal.gateway.support.AlternatorStandIn;
import org.ibal.gateway.support.TestGateway;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * IBAL writes every question and sign-up with TransactWriteItems, so a store without DynamoDB's transactions is refused
 * at start, saying what to use instead, rather than started to fail every learner (ScyllaDB Alternator, replayed by
 * {@link AlternatorStandIn}: no Docker engine here to run Scylla).
 */
class StoreTransactionsTest {
    @Test
    void aStoreWithoutTransactions_failsTheStart_sayingWhatToUse() throws Exception {
        try (Gateway backing = TestGateway.fixture(Map.of());
                AlternatorStandIn alternator = AlternatorStandIn.over(backing.storeEndpoint())) {
            assertThatThrownBy(() -> TestGateway.fixture(Map.of("IBAL_STORE", alternator.endpoint())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot run DynamoDB transactions")
                    .hasMessageContaining("UnknownOperationException")
                    .hasMessageContaining("ScyllaDB Alternator")
                    .hasMessageContaining("IBAL_STORE=memory");

            // it got as far as creating the tables through the stand-in: everything else was passed on
            try (DynamoDbClient store = TestGateway.storeClient(backing)) {
                assertThat(store.listTables().tableNames()).isNotEmpty();
            }
        }
    }

    @Test
    void dynamoDbLocalRunsThem() throws Exception {
        try (Gateway gateway = TestGateway.fixture(Map.of())) {
            assertThat(gateway.storeEndpoint()).startsWith("http://127.0.0.1:");
        }
    }
}
