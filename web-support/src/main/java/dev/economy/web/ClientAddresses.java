package dev.economy.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * The address a request comes from, for the rate limits of registration and login: the connection's
 * remote address. X-Forwarded-For is honoured only when the connection comes from a proxy listed in
 * economy.http.trusted-proxies, and then the client is the right-most address in it that is not one
 * of those proxies (every hop appends; the left part is whatever the client wrote). Anyone else
 * could otherwise send a new X-Forwarded-For with every guess and never be limited.
 */
@Component
public class ClientAddresses {

  /** Literal IPv4 or IPv6 only: a host name here must never start a DNS lookup. */
  private static final Pattern IP_LITERAL =
      Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|(?=.{2,45}$)[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]*");

  private static final String FORWARDED_FOR = "X-Forwarded-For";

  /** A header with more hops than this is not from a proxy chain we run. */
  private static final int HOPS_MAX = 16;

  private final Set<String> trustedProxies;

  ClientAddresses(@Value("${economy.http.trusted-proxies:}") List<String> trustedProxies) {
    this.trustedProxies =
        trustedProxies.stream()
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .map(
                proxy ->
                    canonical(proxy)
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    "economy.http.trusted-proxies: not an IP address: " + proxy)))
            .collect(Collectors.toUnmodifiableSet());
  }

  public String of(ServerHttpRequest request) {
    InetSocketAddress remote = request.getRemoteAddress();
    String peer =
        remote == null || remote.getAddress() == null
            ? "unknown"
            : remote.getAddress().getHostAddress();
    if (!trustedProxies.contains(peer)) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String header : request.getHeaders().getOrEmpty(FORWARDED_FOR)) {
      for (String hop : header.split(",")) {
        hops.add(hop.strip());
      }
    }
    if (hops.isEmpty() || hops.size() > HOPS_MAX) {
      return peer;
    }
    for (int i = hops.size() - 1; i >= 0; i--) {
      var address = canonical(hops.get(i));
      if (address.isEmpty()) {
        // Garbage in the chain: trust nothing left of it.
        return peer;
      }
      if (!trustedProxies.contains(address.get())) {
        return address.get();
      }
    }
    return peer;
  }

  private static java.util.Optional<String> canonical(String literal) {
    if (!IP_LITERAL.matcher(literal).matches()) {
      return java.util.Optional.empty();
    }
    try {
      // An IP literal is parsed, never looked up (the pattern lets no host name through).
      return java.util.Optional.of(InetAddress.getByName(literal).getHostAddress());
    } catch (UnknownHostException e) {
      return java.util.Optional.empty();
    }
  }
}
