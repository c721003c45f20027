package dev.economy.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local Steam OpenID 2.0 provider (https://openid.net/specs/openid-authentication-2_0.html) in
 * stateless mode, as steamcommunity.com/openid/login works: checkid_setup signs the signed-in user
 * in at once and redirects the browser to return_to with a positive assertion (mode id_res, claimed
 * id https://steamcommunity.com/openid/id/&lt;SteamID64&gt;, a fresh response_nonce, HMAC-SHA256
 * over the signed fields in key-value form under a private association); check_authentication
 * (§11.4.2) recomputes that signature over the fields it is sent and answers key-value form {@code
 * is_valid:true} only for an unchanged assertion it issued, and only once per nonce.
 */
public final class SteamStandIn implements AutoCloseable {

  public static final String NS = "http://specs.openid.net/auth/2.0";
  public static final String CLAIMED_ID_PREFIX = "https://steamcommunity.com/openid/id/";
  public static final String REALM = "http://localhost:3000/";
  public static final String RETURN_TO = "http://localhost:3000/link/steam";
  public static final String SIGNED =
      "signed,op_endpoint,claimed_id,identity,return_to,response_nonce,assoc_handle";
  private static final String ASSOC_HANDLE = "1234567890";

  private final HttpServer server;
  private final byte[] associationSecret = new byte[32];
  private final SecureRandom random = new SecureRandom();
  private final Set<String> verifiedNonces = ConcurrentHashMap.newKeySet();
  private final AtomicReference<String> signedInUser = new AtomicReference<>();
  private final AtomicInteger checkAuthentications = new AtomicInteger();

  public SteamStandIn() throws IOException {
    random.nextBytes(associationSecret);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/openid/login", this::serve);
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "steam-stand-in");
              thread.setDaemon(true);
              return thread;
            }));
    server.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/openid/login";
  }

  public void signIn(String steamId64) {
    signedInUser.set(steamId64);
  }

  public int checkAuthentications() {
    return checkAuthentications.get();
  }

  /** A positive assertion for this Steam account and return URL, as the redirect carries it. */
  public Map<String, String> assertion(String steamId64, String returnTo) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("openid.ns", NS);
    params.put("openid.mode", "id_res");
    params.put("openid.op_endpoint", endpoint());
    params.put("openid.claimed_id", CLAIMED_ID_PREFIX + steamId64);
    params.put("openid.identity", CLAIMED_ID_PREFIX + steamId64);
    params.put("openid.return_to", returnTo);
    params.put(
        "openid.response_nonce", Instant.now().truncatedTo(ChronoUnit.SECONDS) + nonceSuffix());
    params.put("openid.assoc_handle", ASSOC_HANDLE);
    params.put("openid.signed", SIGNED);
    sign(params);
    return params;
  }

  /**
   * (Re)signs the fields listed in openid.signed, as this provider would have: a valid signature.
   */
  public void sign(Map<String, String> params) {
    params.put("openid.sig", signature(params));
  }

  private String signature(Map<String, String> params) {
    StringBuilder keyValueForm = new StringBuilder();
    for (String field : params.getOrDefault("openid.signed", "").split(",")) {
      keyValueForm
          .append(field)
          .append(':')
          .append(params.getOrDefault("openid." + field, ""))
          .append('\n');
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(associationSecret, "HmacSHA256"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(keyValueForm.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    if ("GET".equals(exchange.getRequestMethod())) {
      checkidSetup(exchange);
    } else if ("POST".equals(exchange.getRequestMethod())) {
      checkAuthentication(exchange);
    } else {
      DiscordStandIn.send(exchange, 405, "text/plain", "method not allowed");
    }
  }

  private void checkidSetup(HttpExchange exchange) throws IOException {
    Map<String, String> query = DiscordStandIn.form(exchange.getRequestURI().getRawQuery());
    String user = signedInUser.get();
    String returnTo = query.get("openid.return_to");
    String identifierSelect = NS + "/identifier_select";
    if (user == null
        || !NS.equals(query.get("openid.ns"))
        || !"checkid_setup".equals(query.get("openid.mode"))
        || returnTo == null
        || query.get("openid.realm") == null
        || !returnTo.startsWith(query.get("openid.realm"))
        || !identifierSelect.equals(query.get("openid.identity"))
        || !identifierSelect.equals(query.get("openid.claimed_id"))) {
      DiscordStandIn.send(exchange, 400, "text/plain", "invalid OpenID request");
      return;
    }
    StringBuilder location = new StringBuilder(returnTo).append(returnTo.contains("?") ? '&' : '?');
    boolean first = true;
    for (Map.Entry<String, String> param : assertion(user, returnTo).entrySet()) {
      location
          .append(first ? "" : "&")
          .append(DiscordStandIn.encode(param.getKey()))
          .append('=')
          .append(DiscordStandIn.encode(param.getValue()));
      first = false;
    }
    exchange.getResponseHeaders().set("Location", location.toString());
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  private void checkAuthentication(HttpExchange exchange) throws IOException {
    checkAuthentications.incrementAndGet();
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    Map<String, String> params =
        DiscordStandIn.form(
            new String(DiscordStandIn.readAll(exchange.getRequestBody()), StandardCharsets.UTF_8));
    if (contentType == null
        || !contentType.startsWith("application/x-www-form-urlencoded")
        || !"check_authentication".equals(params.get("openid.mode"))) {
      DiscordStandIn.send(exchange, 400, "text/plain", "ns:" + NS + "\nerror:invalid request\n");
      return;
    }
    // The signature was computed over the id_res assertion, whose mode was id_res.
    Map<String, String> asIssued = new LinkedHashMap<>(params);
    asIssued.put("openid.mode", "id_res");
    boolean signatureValid =
        ASSOC_HANDLE.equals(params.get("openid.assoc_handle"))
            && params.get("openid.sig") != null
            && MessageDigest.isEqual(
                signature(asIssued).getBytes(StandardCharsets.US_ASCII),
                params.get("openid.sig").getBytes(StandardCharsets.US_ASCII));
    // §11.4.2.1: the OP verifies each assertion at most once.
    boolean valid =
        signatureValid && verifiedNonces.add(params.getOrDefault("openid.response_nonce", ""));
    DiscordStandIn.send(exchange, 200, "text/plain", "ns:" + NS + "\nis_valid:" + valid + "\n");
  }

  private String nonceSuffix() {
    byte[] bytes = new byte[6];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
