package dev.economy.command.linking;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
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
 * Steam sign-in, OpenID 2.0 (https://openid.net/specs/openid-authentication-2_0.html) as a relying
 * party in stateless mode: the login redirect (checkid_setup with identifier_select), then every
 * verification step of §11 on the positive assertion the player's browser brings back, each one a
 * refusal of its own. Only after all of them, and after Steam itself confirmed the signature by
 * check_authentication (§11.4.2), is the SteamID64 in the claimed id believed.
 */
@Component
public class SteamOpenId {

  static final String NS = "http://specs.openid.net/auth/2.0";
  static final String IDENTIFIER_SELECT = NS + "/identifier_select";

  /** What Steam claims: its own URL namespace and a 17-digit SteamID64. */
  static final Pattern CLAIMED_ID =
      Pattern.compile("https://steamcommunity\\.com/openid/id/([0-9]{17})");

  /** The fields that must be under the signature (§11.4.2 and §10.1), or they could be swapped. */
  static final List<String> SIGNED_REQUIRED =
      List.of(
          "op_endpoint", "claimed_id", "identity", "return_to", "response_nonce", "assoc_handle");

  /**
   * §10.1: a UTC time in the form 2005-05-15T17:11:51Z, then up to 255 printable characters in all.
   */
  private static final Pattern NONCE =
      Pattern.compile("([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)[\\x21-\\x7e]*");

  private static final int NONCE_LENGTH_MAX = 255;

  private final LinkingSettings settings;
  private final OneTimeSecrets secrets;
  private final WebClient http;
  private final Clock clock;

  @Autowired
  SteamOpenId(LinkingSettings settings, OneTimeSecrets secrets, WebClient.Builder http) {
    this(settings, secrets, http, Clock.systemUTC());
  }

  SteamOpenId(
      LinkingSettings settings, OneTimeSecrets secrets, WebClient.Builder http, Clock clock) {
    this.settings = settings;
    this.secrets = secrets;
    this.http = http.build();
    this.clock = clock;
  }

  public boolean configured() {
    return settings.steam().configured();
  }

  /** Our return URL for one flow: the configured page plus the flow's state. */
  public String returnTo(String state) {
    return UriComponentsBuilder.fromUri(settings.steam().returnTo())
        .queryParam("state", state)
        .encode()
        .build()
        .toUriString();
  }

  /** Where the player's browser goes to sign in at Steam (§9.1, checkid_setup). */
  public URI loginUrl(String returnTo) {
    return UriComponentsBuilder.fromUri(settings.steam().endpoint())
        .queryParam("openid.ns", NS)
        .queryParam("openid.mode", "checkid_setup")
        .queryParam("openid.return_to", returnTo)
        .queryParam("openid.realm", settings.steam().realm().toString())
        .queryParam("openid.identity", IDENTIFIER_SELECT)
        .queryParam("openid.claimed_id", IDENTIFIER_SELECT)
        .encode()
        .build()
        .toUri();
  }

  /**
   * Verifies a positive assertion (the query parameters of the return URL) against the return URL
   * we sent for this flow, and answers the SteamID64 it proves.
   */
  public Mono<String> verify(Map<String, String> params, String expectedReturnTo) {
    String steamId;
    Instant nonceTime;
    String nonce;
    try {
      require(NS.equals(params.get("openid.ns")), "openid.ns is not " + NS);
      String mode = params.get("openid.mode");
      require(
          !"cancel".equals(mode), "the player cancelled the sign-in at Steam (openid.mode=cancel)");
      require("id_res".equals(mode), "openid.mode is not id_res");
      require(
          settings.steam().endpoint().toString().equals(params.get("openid.op_endpoint")),
          "openid.op_endpoint is not Steam's endpoint " + settings.steam().endpoint());
      require(
          expectedReturnTo.equals(params.get("openid.return_to")),
          "openid.return_to is not the return URL of this flow");
      Set<String> signed =
          new HashSet<>(List.of(params.getOrDefault("openid.signed", "").split(",")));
      for (String field : SIGNED_REQUIRED) {
        require(signed.contains(field), "openid.signed does not list " + field);
      }
      for (String field : signed) {
        require(
            params.containsKey("openid." + field),
            "openid.signed lists " + field + ", which is missing");
      }
      require(params.containsKey("openid.sig"), "openid.sig is missing");
      String claimedId = params.getOrDefault("openid.claimed_id", "");
      Matcher claimed = CLAIMED_ID.matcher(claimedId);
      require(
          claimed.matches(),
          "openid.claimed_id is not https://steamcommunity.com/openid/id/<17 digits>");
      require(
          claimedId.equals(params.get("openid.identity")),
          "openid.identity is not openid.claimed_id");
      steamId = claimed.group(1);
      nonce = params.getOrDefault("openid.response_nonce", "");
      Matcher nonceMatch = NONCE.matcher(nonce);
      require(
          nonce.length() <= NONCE_LENGTH_MAX && nonceMatch.matches(),
          "openid.response_nonce is malformed");
      nonceTime = Instant.parse(nonceMatch.group(1));
    } catch (DateTimeParseException malformed) {
      return Mono.error(
          LinkingProblems.assertionInvalid("openid.response_nonce has no valid time"));
    } catch (Refused refused) {
      return Mono.error(LinkingProblems.assertionInvalid(refused.getMessage()));
    }
    Duration maxAge = settings.steam().nonceMaxAge();
    Instant now = clock.instant();
    if (nonceTime.isBefore(now.minus(maxAge)) || nonceTime.isAfter(now.plus(maxAge))) {
      return Mono.error(
          LinkingProblems.assertionInvalid(
              "openid.response_nonce is stale: its time is more than "
                  + maxAge
                  + " away from ours"));
    }
    // Kept until the nonce would be refused as stale anyway; recorded before asking Steam, so that
    // two copies of one assertion racing each other cannot both pass.
    Duration keep = Duration.between(now, nonceTime.plus(maxAge)).plusSeconds(1);
    return secrets
        .firstSightOfNonce(settings.steam().endpoint().toString(), nonce, keep)
        .flatMap(
            first ->
                first
                    ? checkAuthentication(params).thenReturn(steamId)
                    : Mono.error(
                        LinkingProblems.of(
                            HttpStatus.BAD_REQUEST,
                            LinkingProblems.OPENID_NONCE_REPLAYED,
                            "this Steam assertion (openid.response_nonce) was used before")));
  }

  /**
   * §11.4.2: asks Steam to check the signature. The request is an exact copy of every openid.*
   * field of the assertion, with openid.mode check_authentication; the answer is key-value form
   * (§4.1.1), and only {@code is_valid:true} counts.
   */
  private Mono<Void> checkAuthentication(Map<String, String> params) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    params.forEach(
        (name, value) -> {
          if (name.startsWith("openid.")) {
            form.add(name, value);
          }
        });
    form.set("openid.mode", "check_authentication");
    return http.post()
        .uri(settings.steam().endpoint())
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .body(BodyInserters.fromFormData(form))
        .exchangeToMono(
            response -> {
              if (response.statusCode().value() != 200) {
                return response
                    .releaseBody()
                    .then(
                        Mono.<String>error(
                            LinkingProblems.providerUnavailable(
                                "steam",
                                "check_authentication answered " + response.statusCode().value())));
              }
              return response.bodyToMono(String.class).defaultIfEmpty("");
            })
        .timeout(settings.providerTimeout())
        .onErrorMap(
            TimeoutException.class,
            timeout ->
                LinkingProblems.providerUnavailable(
                    "steam", "no answer within " + settings.providerTimeout()))
        .onErrorMap(
            WebClientRequestException.class,
            unreachable -> LinkingProblems.providerUnavailable("steam", "not reachable"))
        .flatMap(
            body -> {
              Map<String, String> answer = keyValueForm(body);
              if (!NS.equals(answer.get("ns"))) {
                return Mono.error(
                    LinkingProblems.providerUnavailable(
                        "steam", "check_authentication did not answer OpenID 2.0"));
              }
              if (!"true".equals(answer.get("is_valid"))) {
                return Mono.error(
                    LinkingProblems.assertionInvalid(
                        "Steam did not confirm the assertion (check_authentication: is_valid:"
                            + answer.get("is_valid")
                            + ")"));
              }
              return Mono.empty();
            });
  }

  /** §4.1.1: one "key:value" per line, split at the first colon. */
  static Map<String, String> keyValueForm(String body) {
    Map<String, String> pairs = new HashMap<>();
    for (String line : body.split("\n", 64)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        pairs.putIfAbsent(line.substring(0, colon), line.substring(colon + 1).stripTrailing());
      }
    }
    return pairs;
  }

  private static void require(boolean condition, String refusal) {
    if (!condition) {
      throw new Refused(refusal);
    }
  }

  private static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }
}
