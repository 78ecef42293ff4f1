package org.ibal.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private static final TrustedProxies CADDY = TrustedProxies.parse("172.28.0.10, 10.0.0.0/8, fd00::/8");

    @Test
    void fromAnUntrustedPeer_theForwardedHeadersAreIgnored() {
        assertThat(TrustedProxies.none().clientAddress("198.51.100.7", List.of("6.6.6.6"), List.of("for=6.6.6.6")))
                .isEqualTo("198.51.100.7");
        assertThat(CADDY.clientAddress("198.51.100.7", List.of("6.6.6.6"), List.of()))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void fromATrustedProxy_theClientIsTheRightMostAddressThatIsNoProxy() {
        // the client wrote 6.6.6.6 itself; Caddy appended the address it saw
        assertThat(CADDY.clientAddress("172.28.0.10", List.of("6.6.6.6, 203.0.113.9"), List.of()))
                .isEqualTo("203.0.113.9");
        // two proxies of ours in a row, and the header split over two lines
        assertThat(CADDY.clientAddress("172.28.0.10", List.of("6.6.6.6", "203.0.113.9, 10.1.2.3"), List.of()))
                .isEqualTo("203.0.113.9");
        assertThat(CADDY.clientAddress("172.28.0.10", List.of("2001:db8::7"), List.of()))
                .isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void rfc7239Forwarded_isReadWhenThereIsNoXForwardedFor() {
        assertThat(CADDY.clientAddress(
                        "172.28.0.10",
                        List.of(),
                        List.of("for=6.6.6.6;proto=https, for=\"[2001:db8::1]:4711\";by=10.0.0.1")))
                .isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(CADDY.clientAddress("172.28.0.10", List.of(), List.of("for=192.0.2.60:8080")))
                .isEqualTo("192.0.2.60");
    }

    @Test
    void whatIsNoAddress_isNotBelieved_andNeverLookedUp() {
        assertThat(CADDY.clientAddress("172.28.0.10", List.of("6.6.6.6, unknown"), List.of()))
                .isEqualTo("172.28.0.10");
        assertThat(CADDY.clientAddress("172.28.0.10", List.of("999.1.1.1"), List.of()))
                .isEqualTo("172.28.0.10");
        assertThat(CADDY.clientAddress("172.28.0.10", List.of("localhost"), List.of()))
                .isEqualTo("172.28.0.10");
        assertThat(CADDY.clientAddress("172.28.0.10", List.of(), List.of())).isEqualTo("172.28.0.10");
    }

    @Test
    void everyHopAProxy_leavesTheLeftMost() {
        assertThat(CADDY.clientAddress("172.28.0.10", List.of("10.9.9.9, 10.1.1.1"), List.of()))
                .isEqualTo("10.9.9.9");
    }

    @Test
    void rangesMatchByPrefix_andIpv4MappedPeersAreIpv4() {
        TrustedProxies proxies = TrustedProxies.parse("192.168.4.0/22");
        assertThat(proxies.trusts("192.168.7.255")).isTrue();
        assertThat(proxies.trusts("192.168.8.0")).isFalse();
        assertThat(proxies.trusts("::ffff:192.168.5.1")).isTrue();
        assertThat(TrustedProxies.parse("0.0.0.0/0").trusts("8.8.8.8")).isTrue();
    }

    @Test
    void forwardedProto_comesOnlyFromATrustedProxy_andIsTheNearestValue() {
        assertThat(CADDY.forwardedProto("172.28.0.10", "http, https")).isEqualTo("https");
        assertThat(CADDY.forwardedProto("198.51.100.7", "https")).isNull();
        assertThat(CADDY.forwardedProto("172.28.0.10", "gopher")).isNull();
    }

    @Test
    void aSettingThatIsNoAddress_stopsTheGatewayNamingIt() {
        assertThatThrownBy(() -> TrustedProxies.parse("caddy"))
                .hasMessageContaining("IBAL_TRUSTED_PROXIES")
                .hasMessageContaining("caddy");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).hasMessageContaining("10.0.0.0/33");
        assertThat(TrustedProxies.parse(" , ").isEmpty()).isTrue();
    }
}
