package dev.economy.app.linking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.economy.app.linking.LinkingClient.Answer;
import dev.economy.testsupport.DiscordStandIn;
import dev.economy.testsupport.SteamStandIn;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Steam OpenID 2.0 linking through HTTP against the local Steam provider. Tampered assertions are
 * re-signed by the provider (so that check_authentication alone would accept them): only the
 * backend's own verification step can refuse them. Every step also has its own test in
 * dev.economy.command.linking.SteamOpenIdIT.
 */
class SteamLinkingIT extends LinkingTestSupport {

  private final SteamStandIn steam = LinkingStandIns.steam();

  @Test
  void aPlayerLinksTheirSteamAccount() {
    String player = api.registerPlayer();
    String steamId = steamId();
    URI login = api.start("steam", player);
    Map<String, String> request = DiscordStandIn.query(login);
    assertThat(login.toString()).startsWith(steam.endpoint() + "?");
    assertThat(request)
        .containsEntry("openid.mode", "checkid_setup")
        .containsEntry("openid.ns", SteamStandIn.NS)
        .containsEntry("openid.realm", SteamStandIn.REALM);
    assertThat(request.get("openid.return_to")).startsWith(SteamStandIn.RETURN_TO + "?state=");
    steam.signIn(steamId);
    Map<String, String> returned = api.followToProvider(login);
    int checks = steam.checkAuthentications();

    Answer linked = api.steamCallback(player, returned);

    assertThat(linked.status()).as(linked.body().toString()).isEqualTo(200);
    assertThat(linked.body().path("subject").asText()).isEqualTo(steamId);
    assertThat(ownerOf("steam", steamId)).contains(player);
    assertThat(steam.checkAuthentications()).isEqualTo(checks + 1);
  }

  @Test
  void aForgedAssertionIsRejectedByCheckAuthentication() {
    String player = api.registerPlayer();
    steam.signIn(steamId());
    Map<String, String> returned = api.followToProvider(api.start("steam", player));
    String victim = steamId();
    returned.put("openid.claimed_id", SteamStandIn.CLAIMED_ID_PREFIX + victim);
    returned.put("openid.identity", SteamStandIn.CLAIMED_ID_PREFIX + victim);

    Answer refused = api.steamCallback(player, returned);

    assertRefused(refused, "check_authentication: is_valid:false");
    assertThat(ownerOf("steam", victim)).isEmpty();
  }

  @Test
  void anAssertionFromAnotherOpEndpointIsRefused() {
    assertTamperedRefused(
        params -> params.put("openid.op_endpoint", "https://evil.example/openid/login"),
        "openid.op_endpoint");
  }

  @Test
  void anAssertionForAnotherReturnUrlIsRefused() {
    assertTamperedRefused(
        params -> params.put("openid.return_to", SteamStandIn.RETURN_TO + "?state=other"),
        "openid.return_to");
  }

  @Test
  void aClaimedIdOutsideSteamsPatternIsRefused() {
    assertTamperedRefused(
        params -> {
          params.put("openid.claimed_id", "https://evil.example/openid/id/76561198000000000");
          params.put("openid.identity", "https://evil.example/openid/id/76561198000000000");
        },
        "openid.claimed_id");
  }

  @Test
  void anAssertionThatDoesNotSignTheReturnUrlIsRefused() {
    assertTamperedRefused(
        params ->
            params.put(
                "openid.signed",
                "signed,op_endpoint,claimed_id,identity,response_nonce,assoc_handle"),
        "openid.signed does not list return_to");
  }

  @Test
  void aReplayedNonceIsRefused() {
    String first = api.registerPlayer();
    String steamId = steamId();
    steam.signIn(steamId);
    Map<String, String> returned = api.followToProvider(api.start("steam", first));
    assertThat(api.steamCallback(first, returned).status()).isEqualTo(200);

    // The same assertion replayed into a new flow, signed for that flow's return URL.
    String second = api.registerPlayer();
    Map<String, String> newFlow = api.followToProvider(api.start("steam", second));
    Map<String, String> replay = new LinkedHashMap<>(returned);
    replay.put("state", newFlow.get("state"));
    replay.put("openid.return_to", newFlow.get("openid.return_to"));
    steam.sign(replay);
    int checks = steam.checkAuthentications();

    Answer refused = api.steamCallback(second, replay);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("openid_nonce_replayed");
    assertThat(steam.checkAuthentications()).isEqualTo(checks);
    assertThat(ownerOf("steam", steamId)).contains(first);
  }

  @Test
  void aReusedStateIsRefused() {
    String player = api.registerPlayer();
    steam.signIn(steamId());
    URI login = api.start("steam", player);
    assertThat(api.steamCallback(player, api.followToProvider(login)).status()).isEqualTo(200);

    String other = steamId();
    steam.signIn(other);
    Answer refused = api.steamCallback(player, api.followToProvider(login));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("link_state_invalid");
    assertThat(ownerOf("steam", other)).isEmpty();
  }

  @Test
  void oneSteamAccountLinksToOnePlayerOnly() {
    String first = api.registerPlayer();
    String second = api.registerPlayer();
    String steamId = steamId();
    steam.signIn(steamId);
    assertThat(api.steamCallback(first, api.followToProvider(api.start("steam", first))).status())
        .isEqualTo(200);

    Answer refused = api.steamCallback(second, api.followToProvider(api.start("steam", second)));

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.code()).isEqualTo("identity_already_linked");
    assertThat(ownerOf("steam", steamId)).contains(first);
  }

  @Test
  void parametersThatAreNotSteamsAreAValidationProblem() {
    String player = api.registerPlayer();
    steam.signIn(steamId());
    Map<String, String> returned = api.followToProvider(api.start("steam", player));
    returned.put("admin", "true");

    Answer refused = api.steamCallback(player, returned);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("validation_failed");
  }

  private void assertTamperedRefused(
      java.util.function.Consumer<Map<String, String>> tamper, String step) {
    String player = api.registerPlayer();
    String steamId = steamId();
    steam.signIn(steamId);
    Map<String, String> returned = api.followToProvider(api.start("steam", player));
    tamper.accept(returned);
    steam.sign(returned);
    int checks = steam.checkAuthentications();

    Answer refused = api.steamCallback(player, returned);

    assertRefused(refused, step);
    assertThat(steam.checkAuthentications()).isEqualTo(checks);
    assertThat(ownerOf("steam", steamId)).isEmpty();
  }

  private static void assertRefused(Answer refused, String step) {
    assertThat(refused.status()).as(refused.body().toString()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("openid_assertion_invalid");
    assertThat(refused.body().path("detail").asText()).contains(step);
  }
}
