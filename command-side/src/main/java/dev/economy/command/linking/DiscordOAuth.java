package dev.economy.command.linking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Discord's OAuth2 authorization code grant (RFC 6749 §4.1) with scope {@code identify}: the URL
 * that sends a player to consent, then the code exchange at the token endpoint (form-encoded,
 * client credentials as HTTP Basic, the same redirect_uri) and {@code GET /users/@me} with the
 * access token, which names the Discord account. The access token is used once and never stored.
 */
@Component
public class DiscordOAuth {

  static final String SCOPE = "identify";

  /** Discord ids are snowflakes: unsigned 64-bit integers in decimal. */
  static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{15,20}");

  private static final Logger log = LoggerFactory.getLogger(DiscordOAuth.class);

  private final LinkingSettings settings;
  private final WebClient http;

  DiscordOAuth(LinkingSettings settings, WebClient.Builder http) {
    this.settings = settings;
    this.http = http.build();
  }

  public boolean configured() {
    return settings.discord().configured();
  }

  /**
   * Where the player's browser goes to consent; Discord sends it back to redirectUri with code and
   * state.
   */
  public URI authorizeUrl(String state) {
    LinkingSettings.Discord discord = settings.discord();
    return UriComponentsBuilder.fromUri(discord.authorizeUrl())
        .queryParam("response_type", "code")
        .queryParam("client_id", discord.clientId())
        .queryParam("scope", SCOPE)
        .queryParam("state", state)
        .queryParam("redirect_uri", discord.redirectUri().toString())
        .queryParam("prompt", "consent")
        .encode()
        .build()
        .toUri();
  }

  /** Exchanges the code and asks Discord whose it is: the Discord account id. */
  public Mono<String> accountOf(String code) {
    return exchange(code)
        .flatMap(this::currentUserId)
        .timeout(settings.providerTimeout())
        .onErrorMap(
            TimeoutException.class,
            timeout ->
                LinkingProblems.providerUnavailable(
                    "discord", "no answer within " + settings.providerTimeout()))
        .onErrorMap(
            WebClientRequestException.class,
            unreachable -> LinkingProblems.providerUnavailable("discord", "not reachable"));
  }

  private Mono<String> exchange(String code) {
    LinkingSettings.Discord discord = settings.discord();
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("grant_type", "authorization_code");
    form.add("code", code);
    form.add("redirect_uri", discord.redirectUri().toString());
    return http.post()
        .uri(discord.tokenUrl())
        .headers(
            headers ->
                headers.setBasicAuth(
                    discord.clientId(), discord.clientSecret(), StandardCharsets.UTF_8))
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .accept(MediaType.APPLICATION_JSON)
        .body(BodyInserters.fromFormData(form))
        .exchangeToMono(
            response ->
                response
                    .bodyToMono(JsonNode.class)
                    .defaultIfEmpty(NullNode.getInstance())
                    .onErrorResume(unreadable -> Mono.just(NullNode.getInstance()))
                    .flatMap(
                        body -> {
                          int status = response.statusCode().value();
                          if (status == 200) {
                            return accessToken(body);
                          }
                          String error = body.path("error").asText("");
                          if (status == 400
                              && (error.equals("invalid_grant")
                                  || error.equals("invalid_request"))) {
                            // The player's code was wrong, used or expired: their flow, not our
                            // fault.
                            return Mono.error(
                                LinkingProblems.of(
                                    HttpStatus.BAD_REQUEST,
                                    LinkingProblems.OAUTH_CODE_REJECTED,
                                    "Discord refused the authorization code ("
                                        + error
                                        + "); start linking again"));
                          }
                          log.error(
                              "Discord's token endpoint answered {} {}: check ECONOMY_DISCORD_* settings",
                              status,
                              error);
                          return Mono.error(
                              LinkingProblems.providerUnavailable(
                                  "discord",
                                  "the token endpoint answered "
                                      + status
                                      + (error.isEmpty() ? "" : " " + error)));
                        }));
  }

  private Mono<String> accessToken(JsonNode body) {
    String token = body.path("access_token").asText("");
    String type = body.path("token_type").asText("");
    boolean identify = Arrays.asList(body.path("scope").asText("").split(" ")).contains(SCOPE);
    if (token.isEmpty() || !type.equalsIgnoreCase("Bearer")) {
      return Mono.error(
          LinkingProblems.providerUnavailable(
              "discord", "the token response has no bearer access_token"));
    }
    if (!identify) {
      // Without identify, /users/@me would not name the account the player consented with.
      return Mono.error(
          LinkingProblems.of(
              HttpStatus.BAD_REQUEST,
              LinkingProblems.OAUTH_CODE_REJECTED,
              "the authorization does not grant the identify scope; start linking again"));
    }
    return Mono.just(token);
  }

  private Mono<String> currentUserId(String accessToken) {
    URI me =
        UriComponentsBuilder.fromUri(settings.discord().apiUrl())
            .path("/users/@me")
            .build()
            .toUri();
    return http.get()
        .uri(me)
        .headers(headers -> headers.setBearerAuth(accessToken))
        .accept(MediaType.APPLICATION_JSON)
        .exchangeToMono(
            response -> {
              if (response.statusCode().value() != 200) {
                return response
                    .releaseBody()
                    .then(
                        Mono.<String>error(
                            LinkingProblems.providerUnavailable(
                                "discord",
                                "GET /users/@me answered " + response.statusCode().value())));
              }
              return response
                  .bodyToMono(JsonNode.class)
                  .flatMap(
                      user -> {
                        String id = user.path("id").asText("");
                        if (!ACCOUNT_ID.matcher(id).matches()) {
                          return Mono.<String>error(
                              LinkingProblems.providerUnavailable(
                                  "discord", "GET /users/@me named no account id"));
                        }
                        return Mono.just(id);
                      });
            });
  }
}
