package dev.economy.app.linking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.economy.app.linking.LinkingClient.Answer;
import dev.economy.testsupport.DiscordStandIn;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Discord OAuth2 linking through HTTP: the player starts, their browser consents at the local
 * Discord (which speaks Discord's protocol), the website forwards code and state, and the backend
 * exchanges the code, asks /users/@me and links discord:&lt;id&gt;.
 */
class DiscordLinkingIT extends LinkingTestSupport {

  private final DiscordStandIn discord = LinkingStandIns.discord();

  @Autowired StringRedisTemplate redis;

  @Test
  void aPlayerLinksTheirDiscordAccount() {
    String player = api.registerPlayer();
    String discordId = discordId();
    URI authorize = api.start("discord", player);
    assertThat(authorize.toString()).startsWith(discord.authorizeUrl() + "?");
    assertThat(DiscordStandIn.query(authorize))
        .containsEntry("scope", "identify")
        .containsEntry("response_type", "code")
        .containsEntry("client_id", DiscordStandIn.CLIENT_ID)
        .containsEntry("redirect_uri", DiscordStandIn.REDIRECT_URI);
    discord.signIn(discordId);
    Map<String, String> redirect = api.followToProvider(authorize);

    Answer linked = api.discordCallback(player, redirect.get("code"), redirect.get("state"));

    assertThat(linked.status()).as(linked.body().toString()).isEqualTo(200);
    assertThat(linked.body().path("provider").asText()).isEqualTo("discord");
    assertThat(linked.body().path("subject").asText()).isEqualTo(discordId);
    assertThat(ownerOf("discord", discordId)).contains(player);
  }

  @Test
  void aStateThatWasNeverIssuedIsRefusedBeforeDiscordIsAsked() {
    String player = api.registerPlayer();
    discord.signIn(discordId());
    Map<String, String> redirect = api.followToProvider(api.start("discord", player));
    int tokenRequests = discord.tokenRequests();

    Answer refused = api.discordCallback(player, redirect.get("code"), "A".repeat(43));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("link_state_invalid");
    assertThat(discord.tokenRequests()).isEqualTo(tokenRequests);
  }

  @Test
  void theStateOfAnotherPlayersFlowIsRefused() {
    // The attacker starts a flow with their own Discord account and gets a victim to complete it.
    String attacker = api.registerPlayer();
    String victim = api.registerPlayer();
    String attackersDiscord = discordId();
    discord.signIn(attackersDiscord);
    Map<String, String> redirect = api.followToProvider(api.start("discord", attacker));

    Answer refused = api.discordCallback(victim, redirect.get("code"), redirect.get("state"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("link_state_invalid");
    assertThat(ownerOf("discord", attackersDiscord)).isEmpty();
  }

  @Test
  void aStateLivesForTheConfiguredTimeAndIsRefusedOnceExpired() {
    String player = api.registerPlayer();
    String discordId = discordId();
    discord.signIn(discordId);
    Map<String, String> redirect = api.followToProvider(api.start("discord", player));
    String key = "economy:linking:state:discord:" + redirect.get("state");
    // ECONOMY_LINK_STATE_TTL, 10 minutes by default.
    assertThat(redis.getExpire(key))
        .isBetween(Duration.ofMinutes(10).toSeconds() - 30, Duration.ofMinutes(10).toSeconds());

    // Time passes: Redis expires the state (here at once rather than in ten minutes).
    redis.expire(key, Duration.ofMillis(1));
    Answer refused = api.discordCallback(player, redirect.get("code"), redirect.get("state"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("link_state_invalid");
    assertThat(ownerOf("discord", discordId)).isEmpty();
  }

  @Test
  void aStateIsUsedOnce() {
    String player = api.registerPlayer();
    discord.signIn(discordId());
    URI authorize = api.start("discord", player);
    Map<String, String> first = api.followToProvider(authorize);
    assertThat(api.discordCallback(player, first.get("code"), first.get("state")).status())
        .isEqualTo(200);

    String otherDiscord = discordId();
    discord.signIn(otherDiscord);
    Map<String, String> again = api.followToProvider(authorize);
    Answer reused = api.discordCallback(player, again.get("code"), again.get("state"));

    assertThat(reused.status()).isEqualTo(400);
    assertThat(reused.code()).isEqualTo("link_state_invalid");
    assertThat(ownerOf("discord", otherDiscord)).isEmpty();
  }

  @Test
  void aCodeDiscordRefusesLinksNothing() {
    String player = api.registerPlayer();
    String discordId = discordId();
    discord.signIn(discordId);
    Map<String, String> redirect = api.followToProvider(api.start("discord", player));
    discord.failNextTokenRequest(
        400,
        "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid \\\"code\\\" in request.\"}");

    Answer refused = api.discordCallback(player, redirect.get("code"), redirect.get("state"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("oauth_code_rejected");
    assertThat(ownerOf("discord", discordId)).isEmpty();
  }

  @Test
  void aFailingTokenEndpointIsABadGatewayAndLinksNothing() {
    String player = api.registerPlayer();
    String discordId = discordId();
    discord.signIn(discordId);
    Map<String, String> redirect = api.followToProvider(api.start("discord", player));
    discord.failNextTokenRequest(503, "{\"message\":\"upstream overloaded\"}");

    Answer refused = api.discordCallback(player, redirect.get("code"), redirect.get("state"));

    assertThat(refused.status()).isEqualTo(502);
    assertThat(refused.code()).isEqualTo("provider_unavailable");
    assertThat(ownerOf("discord", discordId)).isEmpty();
  }

  @Test
  void oneDiscordAccountLinksToOnePlayerOnly() {
    String first = api.registerPlayer();
    String second = api.registerPlayer();
    String discordId = discordId();
    discord.signIn(discordId);
    Map<String, String> firstRedirect = api.followToProvider(api.start("discord", first));
    assertThat(
            api.discordCallback(first, firstRedirect.get("code"), firstRedirect.get("state"))
                .status())
        .isEqualTo(200);

    Map<String, String> secondRedirect = api.followToProvider(api.start("discord", second));
    Answer refused =
        api.discordCallback(second, secondRedirect.get("code"), secondRedirect.get("state"));

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.code()).isEqualTo("identity_already_linked");
    assertThat(ownerOf("discord", discordId)).contains(first);
  }

  @Test
  void onlyAPlayerStartsLinking() {
    Answer anonymous = api.post("/api/v1/links/discord/start", null, null);
    Answer gameServer = api.post("/api/v1/links/discord/start", api.gameBearer(), null);

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.code()).isEqualTo("unauthenticated");
    assertThat(gameServer.status()).isEqualTo(403);
    assertThat(gameServer.code()).isEqualTo("forbidden");
  }
}
