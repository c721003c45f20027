package dev.economy.command.linking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.economy.testsupport.DiscordStandIn;
import dev.economy.testsupport.SteamStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Every verification step of the Steam OpenID 2.0 relying party, one refusal each, against the
 * local Steam stand-in (which signs like Steam and answers check_authentication) and the real Redis
 * (nonces). Each bad assertion is re-signed by the stand-in, so that only our step can refuse it:
 * without the step, check_authentication would say is_valid:true and the assertion would pass.
 */
class SteamOpenIdIT {

  private static SteamStandIn steam;
  private static LinkingRedis redis;
  private static SteamOpenId openId;

  @BeforeAll
  static void start() throws Exception {
    steam = new SteamStandIn();
    redis = new LinkingRedis();
    LinkingSettings settings =
        new LinkingSettings(
            Duration.ofMinutes(10),
            5,
            Duration.ofMinutes(15),
            Duration.ofMinutes(10),
            Duration.ofSeconds(5),
            new LinkingSettings.Discord("", "", null, null, null, null),
            new LinkingSettings.Steam(
                URI.create(steam.endpoint()),
                URI.create(SteamStandIn.RETURN_TO),
                URI.create(SteamStandIn.REALM),
                Duration.ofMinutes(5)));
    openId = new SteamOpenId(settings, redis.secrets(), WebClient.builder());
  }

  @AfterAll
  static void stop() {
    steam.close();
    redis.close();
  }

  @Test
  void theAssertionSteamRedirectsWithIsVerifiedAndNamesTheSteamAccount() throws Exception {
    String steamId = steamId();
    String returnTo = openId.returnTo(openIdState());
    steam.signIn(steamId);
    Map<String, String> params = followLogin(openId.loginUrl(returnTo));
    int checksBefore = steam.checkAuthentications();

    assertThat(openId.verify(params, returnTo).block()).isEqualTo(steamId);
    assertThat(steam.checkAuthentications()).isEqualTo(checksBefore + 1);
  }

  @Test
  void aForgedAssertionIsRejectedByCheckAuthentication() {
    String returnTo = openId.returnTo(openIdState());
    Map<String, String> params = steam.assertion(steamId(), returnTo);
    // The attacker swaps in another account; the signature no longer covers what is sent.
    String victim = SteamStandIn.CLAIMED_ID_PREFIX + steamId();
    params.put("openid.claimed_id", victim);
    params.put("openid.identity", victim);
    int checksBefore = steam.checkAuthentications();

    assertRefused(params, returnTo, "check_authentication: is_valid:false");
    assertThat(steam.checkAuthentications()).isEqualTo(checksBefore + 1);
  }

  @Test
  void aModeOtherThanIdResIsRefused() {
    assertRefusedBeforeAskingSteam(
        params -> params.put("openid.mode", "setup_needed"), "openid.mode is not id_res");
  }

  @Test
  void anotherOpEndpointIsRefused() {
    assertRefusedBeforeAskingSteam(
        params -> params.put("openid.op_endpoint", "https://evil.example/openid/login"),
        "openid.op_endpoint is not Steam's endpoint");
  }

  @Test
  void anotherReturnToIsRefused() {
    assertRefusedBeforeAskingSteam(
        params -> params.put("openid.return_to", openId.returnTo(openIdState())),
        "openid.return_to is not the return URL of this flow");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://steamcommunity.com/openid/id/7656119800000000", // 16 digits
        "https://steamcommunity.com/openid/id/765611980000000001", // 18 digits
        "http://steamcommunity.com/openid/id/76561198000000000", // not https
        "https://steamcommunity.com.evil.example/openid/id/76561198000000000",
        "https://evil.example/openid/id/76561198000000000"
      })
  void aClaimedIdOutsideSteamsPatternIsRefused(String claimedId) {
    assertRefusedBeforeAskingSteam(
        params -> {
          params.put("openid.claimed_id", claimedId);
          params.put("openid.identity", claimedId);
        },
        "openid.claimed_id is not https://steamcommunity.com/openid/id/<17 digits>");
  }

  @Test
  void anIdentityOtherThanTheClaimedIdIsRefused() {
    assertRefusedBeforeAskingSteam(
        params -> params.put("openid.identity", SteamStandIn.CLAIMED_ID_PREFIX + steamId()),
        "openid.identity is not openid.claimed_id");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "op_endpoint",
        "claimed_id",
        "identity",
        "return_to",
        "response_nonce",
        "assoc_handle"
      })
  void anAssertionWhoseSignatureLeavesOutARequiredFieldIsRefused(String field) {
    assertRefusedBeforeAskingSteam(
        params ->
            params.put(
                "openid.signed",
                Arrays.stream(SteamStandIn.SIGNED.split(","))
                    .filter(signed -> !signed.equals(field))
                    .collect(Collectors.joining(","))),
        "openid.signed does not list " + field);
  }

  @Test
  void aStaleNonceIsRefused() {
    assertRefusedBeforeAskingSteam(
        params ->
            params.put(
                "openid.response_nonce",
                Instant.now().minus(6, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS) + "abc"),
        "openid.response_nonce is stale");
  }

  @Test
  void aNonceFromTheFutureIsRefused() {
    assertRefusedBeforeAskingSteam(
        params ->
            params.put(
                "openid.response_nonce",
                Instant.now().plus(6, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS) + "abc"),
        "openid.response_nonce is stale");
  }

  @Test
  void aReplayedNonceIsRefusedWithoutAskingSteam() {
    String steamId = steamId();
    String returnTo = openId.returnTo(openIdState());
    Map<String, String> params = steam.assertion(steamId, returnTo);
    assertThat(openId.verify(new LinkedHashMap<>(params), returnTo).block()).isEqualTo(steamId);

    // The same assertion for another flow, signed as Steam would sign it: only the nonce gives it
    // away.
    String otherReturnTo = openId.returnTo(openIdState());
    Map<String, String> replay = new LinkedHashMap<>(params);
    replay.put("openid.return_to", otherReturnTo);
    steam.sign(replay);
    int checksBefore = steam.checkAuthentications();

    assertThatThrownBy(() -> openId.verify(replay, otherReturnTo).block())
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            refusal -> {
              assertThat(refusal.getBody().getProperties())
                  .containsEntry("code", "openid_nonce_replayed");
            });
    assertThat(steam.checkAuthentications()).isEqualTo(checksBefore);
  }

  private void assertRefusedBeforeAskingSteam(Consumer<Map<String, String>> tamper, String step) {
    String returnTo = openId.returnTo(openIdState());
    Map<String, String> params = steam.assertion(steamId(), returnTo);
    tamper.accept(params);
    steam.sign(params);
    int checksBefore = steam.checkAuthentications();
    assertRefused(params, returnTo, step);
    assertThat(steam.checkAuthentications()).isEqualTo(checksBefore);
  }

  private static void assertRefused(Map<String, String> params, String returnTo, String step) {
    assertThatThrownBy(() -> openId.verify(params, returnTo).block())
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            refusal -> {
              assertThat(refusal.getStatusCode().value()).isEqualTo(400);
              assertThat(refusal.getBody().getProperties())
                  .containsEntry("code", "openid_assertion_invalid");
              assertThat(refusal.getBody().getDetail()).contains(step);
            });
  }

  /**
   * What the player's browser does: sign in at Steam, which redirects to return_to with the
   * assertion.
   */
  static Map<String, String> followLogin(URI loginUrl) throws Exception {
    HttpResponse<Void> redirect =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(loginUrl).GET().build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(redirect.statusCode()).isEqualTo(302);
    URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
    return DiscordStandIn.query(location);
  }

  private static String openIdState() {
    return new OneTimeSecrets(null, null).newState();
  }

  static String steamId() {
    return "7656119"
        + String.format("%010d", ThreadLocalRandom.current().nextLong(10_000_000_000L));
  }
}
