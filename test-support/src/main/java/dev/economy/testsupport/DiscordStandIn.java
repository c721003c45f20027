package dev.economy.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local Discord that speaks the parts of its OAuth2 protocol the backend uses
 * (https://discord.com/developers/docs/topics/oauth2): the authorize page (here: consent is given
 * at once for the signed-in user, and the browser is redirected with code and state), the token
 * endpoint (form-encoded authorization_code grant, client credentials as HTTP Basic, JSON answers
 * and RFC 6749 error bodies, single-use codes bound to their redirect_uri) and {@code GET
 * /users/@me} with a bearer token.
 */
public final class DiscordStandIn implements AutoCloseable {

  public static final String CLIENT_ID = "1234567890123456789";
  public static final String CLIENT_SECRET = "stand-in-secret";
  public static final String REDIRECT_URI = "http://localhost:3000/link/discord";

  private record Grant(String userId, String redirectUri, String scope) {}

  private final HttpServer server;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final Map<String, String> accessTokens = new ConcurrentHashMap<>();
  private final AtomicReference<String> signedInUser = new AtomicReference<>();

  /** The next token request fails with this status and body (once), as Discord can. */
  private final AtomicReference<Map.Entry<Integer, String>> nextTokenFailure =
      new AtomicReference<>();

  private final AtomicInteger tokenRequests = new AtomicInteger();

  public DiscordStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/oauth2/authorize", this::authorize);
    server.createContext("/api/oauth2/token", this::token);
    server.createContext("/api/v10/users/@me", this::me);
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "discord-stand-in");
              thread.setDaemon(true);
              return thread;
            }));
    server.start();
  }

  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String authorizeUrl() {
    return base() + "/oauth2/authorize";
  }

  public String tokenUrl() {
    return base() + "/api/oauth2/token";
  }

  public String apiUrl() {
    return base() + "/api/v10";
  }

  /** The Discord user whose browser session consents next. */
  public void signIn(String userId) {
    signedInUser.set(userId);
  }

  public void failNextTokenRequest(int status, String jsonBody) {
    nextTokenFailure.set(Map.entry(status, jsonBody));
  }

  public int tokenRequests() {
    return tokenRequests.get();
  }

  private void authorize(HttpExchange exchange) throws IOException {
    Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
    String userId = signedInUser.get();
    if (!"GET".equals(exchange.getRequestMethod())
        || userId == null
        || !"code".equals(query.get("response_type"))
        || !CLIENT_ID.equals(query.get("client_id"))
        || !Set.of(query.getOrDefault("scope", "").split(" ")).contains("identify")
        || !REDIRECT_URI.equals(query.get("redirect_uri"))
        || query.get("state") == null) {
      // Discord shows an error page instead of redirecting for a bad client or redirect_uri.
      send(exchange, 400, "text/plain", "invalid OAuth2 authorize request");
      return;
    }
    String code = secret();
    codes.put(code, new Grant(userId, query.get("redirect_uri"), query.get("scope")));
    String location =
        query.get("redirect_uri")
            + "?code="
            + encode(code)
            + "&state="
            + encode(query.get("state"));
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  private void token(HttpExchange exchange) throws IOException {
    tokenRequests.incrementAndGet();
    Map<String, String> body =
        form(new String(readAll(exchange.getRequestBody()), StandardCharsets.UTF_8));
    Map.Entry<Integer, String> failure = nextTokenFailure.getAndSet(null);
    if (failure != null) {
      send(exchange, failure.getKey(), "application/json", failure.getValue());
      return;
    }
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (!"POST".equals(exchange.getRequestMethod())
        || contentType == null
        || !contentType.startsWith("application/x-www-form-urlencoded")) {
      send(exchange, 400, "application/json", "{\"error\":\"invalid_request\"}");
      return;
    }
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      send(exchange, 401, "application/json", "{\"error\":\"invalid_client\"}");
      return;
    }
    if (!"authorization_code".equals(body.get("grant_type"))) {
      send(exchange, 400, "application/json", "{\"error\":\"unsupported_grant_type\"}");
      return;
    }
    Grant grant = body.get("code") == null ? null : codes.remove(body.get("code"));
    if (grant == null || !grant.redirectUri().equals(body.get("redirect_uri"))) {
      send(
          exchange,
          400,
          "application/json",
          "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid \\\"code\\\" in request.\"}");
      return;
    }
    String accessToken = secret();
    accessTokens.put(accessToken, grant.userId());
    send(
        exchange,
        200,
        "application/json",
        "{\"token_type\":\"Bearer\",\"access_token\":\""
            + accessToken
            + "\",\"expires_in\":604800,\"refresh_token\":\""
            + secret()
            + "\",\"scope\":\""
            + grant.scope()
            + "\"}");
  }

  private void me(HttpExchange exchange) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    String userId =
        authorization != null && authorization.startsWith("Bearer ")
            ? accessTokens.get(authorization.substring("Bearer ".length()))
            : null;
    if (!"GET".equals(exchange.getRequestMethod()) || userId == null) {
      send(exchange, 401, "application/json", "{\"message\":\"401: Unauthorized\",\"code\":0}");
      return;
    }
    send(
        exchange,
        200,
        "application/json",
        "{\"id\":\""
            + userId
            + "\",\"username\":\"user"
            + userId.substring(0, 4)
            + "\",\"discriminator\":\"0\",\"global_name\":null,\"avatar\":null}");
  }

  public static Map<String, String> form(String encoded) {
    Map<String, String> values = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      int equals = pair.indexOf('=');
      String name =
          URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value =
          equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      values.putIfAbsent(name, value);
    }
    return values;
  }

  public static Map<String, String> query(URI uri) {
    return form(uri.getRawQuery());
  }

  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  public static byte[] readAll(InputStream in) throws IOException {
    return in.readNBytes(64 * 1024);
  }

  public static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private String secret() {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
