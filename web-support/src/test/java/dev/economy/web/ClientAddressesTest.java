package dev.economy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** Which address the login limits count a request against. */
class ClientAddressesTest {

  private static final ClientAddresses NO_PROXY = new ClientAddresses(List.of());
  private static final ClientAddresses BEHIND_PROXY =
      new ClientAddresses(List.of("10.0.0.2", " 10.0.0.3 "));

  @Test
  void withoutATrustedProxyTheConnectionsAddressCountsAndForwardedForIsIgnored() {
    assertThat(NO_PROXY.of(request("198.51.100.9", "203.0.113.1"))).isEqualTo("198.51.100.9");
  }

  @Test
  void forwardedForFromAnUntrustedPeerIsIgnored() {
    assertThat(BEHIND_PROXY.of(request("198.51.100.9", "203.0.113.1"))).isEqualTo("198.51.100.9");
  }

  @Test
  void behindATrustedProxyTheRightMostUntrustedHopIsTheClient() {
    // The client wrote 1.2.3.4 itself; the proxy appended the address it saw, 203.0.113.1.
    assertThat(BEHIND_PROXY.of(request("10.0.0.2", "1.2.3.4, 203.0.113.1")))
        .isEqualTo("203.0.113.1");
    assertThat(BEHIND_PROXY.of(request("10.0.0.2", "1.2.3.4, 203.0.113.1, 10.0.0.3")))
        .isEqualTo("203.0.113.1");
  }

  @Test
  void behindATrustedProxyWithoutForwardedForTheProxyCounts() {
    assertThat(BEHIND_PROXY.of(request("10.0.0.2", null))).isEqualTo("10.0.0.2");
  }

  @Test
  void garbageInForwardedForIsNotBelieved() {
    assertThat(BEHIND_PROXY.of(request("10.0.0.2", "1.2.3.4, evil.example.com")))
        .isEqualTo("10.0.0.2");
    assertThat(BEHIND_PROXY.of(request("10.0.0.2", "cafe.beef"))).isEqualTo("10.0.0.2");
  }

  @Test
  void ipv6HopsAreCanonicalSoThatOneAddressIsOneCounter() {
    assertThat(BEHIND_PROXY.of(request("10.0.0.2", "2001:DB8:0:0:0:0:0:1")))
        .isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(BEHIND_PROXY.of(request("10.0.0.2", "2001:db8::1")))
        .isEqualTo("2001:db8:0:0:0:0:0:1");
  }

  @Test
  void aTrustedProxyThatIsNoIpAddressIsRefusedAtStartUp() {
    assertThatThrownBy(() -> new ClientAddresses(List.of("proxy.internal")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static MockServerHttpRequest request(String peer, String forwardedFor) {
    MockServerHttpRequest.BaseBuilder<?> builder =
        MockServerHttpRequest.post("/api/v1/auth/login")
            .remoteAddress(new InetSocketAddress(peer, 40000));
    if (forwardedFor != null) {
      builder.header("X-Forwarded-For", forwardedFor);
    }
    return builder.build();
  }
}
