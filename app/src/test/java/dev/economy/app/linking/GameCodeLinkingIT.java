package dev.economy.app.linking;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.economy.app.linking.LinkingClient.Answer;
import dev.economy.messages.players.PlayerLoggedInByIdentityEvent;
import dev.economy.messages.players.PlayerRules;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Game identities through one-time codes, both ways, and the game server's login of a linked
 * player, through HTTP with real tokens against the running backend, PostgreSQL and Redis.
 */
class GameCodeLinkingIT extends LinkingTestSupport {

  private static final String CODE_KEY = "economy:linking:code:";

  @Autowired StringRedisTemplate redis;
  @Autowired JdbcTemplate jdbc;

  @Test
  void aCodeFromTheWebsiteEnteredInGameLinksTheInGameIdentity() {
    String player = api.registerPlayer();
    String license = fivemLicense();
    String code = api.codeForGame(player);
    assertThat(code).matches("[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}");

    Answer linked = api.redeemInGame(code, "fivem-license", license);

    assertThat(linked.status()).as(linked.body().toString()).isEqualTo(200);
    assertThat(linked.body().path("playerId").asText()).isEqualTo(player);
    assertThat(ownerOf("fivem-license", license)).contains(player);
  }

  @Test
  void aCodeFromTheGameEnteredOnTheWebsiteLinksTheInGameIdentity() {
    String player = api.registerPlayer();
    String social = altvSocial();
    // As typed by a person: lower case, with a dash.
    String code = api.codeForWebsite("altv-social", social);
    String typed = (code.substring(0, 4) + "-" + code.substring(4)).toLowerCase();

    Answer linked = api.redeemOnWebsite(player, typed);

    assertThat(linked.status()).as(linked.body().toString()).isEqualTo(200);
    assertThat(ownerOf("altv-social", social)).contains(player);
  }

  @Test
  void aCodeLivesForTheConfiguredTimeAndIsRefusedOnceExpired() {
    String player = api.registerPlayer();
    String code = api.codeForGame(player);
    Long ttlSeconds = redis.getExpire(CODE_KEY + "player:" + code);
    // ECONOMY_LINK_CODE_TTL, 10 minutes by default.
    assertThat(ttlSeconds)
        .isBetween(Duration.ofMinutes(10).toSeconds() - 30, Duration.ofMinutes(10).toSeconds());

    // Time passes: Redis expires the code (here at once rather than in ten minutes).
    redis.expire(CODE_KEY + "player:" + code, Duration.ofMillis(1));
    String license = fivemLicense();
    Answer refused = api.redeemInGame(code, "fivem-license", license);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("link_code_invalid");
    assertThat(ownerOf("fivem-license", license)).isEmpty();
  }

  @Test
  void aCodeIsSingleUse() {
    String player = api.registerPlayer();
    String code = api.codeForGame(player);
    assertThat(api.redeemInGame(code, "fivem-license", fivemLicense()).status()).isEqualTo(200);

    String second = fivemLicense();
    Answer reused = api.redeemInGame(code, "fivem-license", second);

    assertThat(reused.status()).isEqualTo(400);
    assertThat(reused.code()).isEqualTo("link_code_invalid");
    assertThat(ownerOf("fivem-license", second)).isEmpty();
  }

  @Test
  void wrongCodesAreLimitedThenEvenTheRightCodeIsRefusedUntilTheWindowEnds() {
    String player = api.registerPlayer();
    String code = api.codeForGame(player);
    String guesser = fivemLicense();
    for (int attempt = 1; attempt <= 5; attempt++) { // ECONOMY_LINK_CODE_ATTEMPTS_MAX
      Answer wrong = api.redeemInGame(wrongCodeOtherThan(code, attempt), "fivem-license", guesser);
      assertThat(wrong.status()).isEqualTo(400);
      assertThat(wrong.code()).isEqualTo("link_code_invalid");
    }

    Answer locked = api.redeemInGame(code, "fivem-license", guesser);

    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.code()).isEqualTo("too_many_attempts");
    assertThat(Long.parseLong(locked.header("Retry-After").orElseThrow())).isBetween(1L, 15 * 60L);
    assertThat(ownerOf("fivem-license", guesser)).isEmpty();
    // The lock is the guesser's alone, and the code was not spent on it.
    String honest = fivemLicense();
    assertThat(api.redeemInGame(code, "fivem-license", honest).status()).isEqualTo(200);
    assertThat(ownerOf("fivem-license", honest)).contains(player);
  }

  @Test
  void aGameServerLogsALinkedPlayerInWithATokenThatActsForThatPlayer() throws Exception {
    String player = api.registerPlayer();
    String license = fivemLicense();
    assertThat(api.redeemInGame(api.codeForGame(player), "fivem-license", license).status())
        .isEqualTo(200);

    Answer login = api.gameLogin("fivem-license", license);

    assertThat(login.status()).as(login.body().toString()).isEqualTo(200);
    String accessToken = login.body().path("accessToken").asText();
    assertThat(login.body().path("refreshToken").asText()).isNotEmpty();
    assertThat(SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim("player_id"))
        .isEqualTo(player);
    // The login is an event of the player, for stats and notifications.
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? AND type = 'Player'"
                    + " AND payloadtype = ?",
                Long.class,
                player,
                PlayerLoggedInByIdentityEvent.class.getName()))
        .isEqualTo(1L);
    // The token works as the player: it gets a code that links a second identity to this player.
    Answer code = api.post("/api/v1/link-codes", "Bearer " + accessToken, null);
    assertThat(code.status()).isEqualTo(200);
    String social = altvSocial();
    assertThat(api.redeemInGame(code.body().path("code").asText(), "altv-social", social).status())
        .isEqualTo(200);
    assertThat(ownerOf("altv-social", social)).contains(player);
  }

  @Test
  void aGameLoginForAnIdentityNobodyLinkedIsRefused() {
    Answer refused = api.gameLogin("fivem-license", fivemLicense());

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.code()).isEqualTo("identity_not_linked");
  }

  @Test
  void onlyAGameServerLogsPlayersIn() {
    String player = api.registerPlayer();
    String license = fivemLicense();
    assertThat(api.redeemInGame(api.codeForGame(player), "fivem-license", license).status())
        .isEqualTo(200);
    Map<String, String> body = Map.of("provider", "fivem-license", "subject", license);

    Answer asPlayer = api.post("/api/v1/auth/game-login", api.playerBearer(player), body);
    Answer anonymous = api.post("/api/v1/auth/game-login", null, body);

    assertThat(asPlayer.status()).isEqualTo(403);
    assertThat(asPlayer.code()).isEqualTo("forbidden");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.code()).isEqualTo("unauthenticated");
  }

  @Test
  void aPlayerCannotRedeemAPlayersCodeNorAGameServerAGameServersCode() {
    String player = api.registerPlayer();
    String codeForGame = api.codeForGame(player);
    String codeForWebsite = api.codeForWebsite("fivem-license", fivemLicense());

    assertThat(api.redeemOnWebsite(api.registerPlayer(), codeForGame).code())
        .isEqualTo("link_code_invalid");
    assertThat(api.redeemInGame(codeForWebsite, "fivem-license", fivemLicense()).code())
        .isEqualTo("link_code_invalid");
  }

  @Test
  void anInGameIdentityOfAnotherPlayerIsNotLinkedTwice() {
    String first = api.registerPlayer();
    String second = api.registerPlayer();
    String license = fivemLicense();
    assertThat(api.redeemInGame(api.codeForGame(first), "fivem-license", license).status())
        .isEqualTo(200);

    Answer refused = api.redeemInGame(api.codeForGame(second), "fivem-license", license);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.code()).isEqualTo("identity_already_linked");
    assertThat(ownerOf("fivem-license", license)).contains(first);
  }

  @Test
  void aTokenOfAPlayerWhoIsNotRegisteredLinksNothing() {
    String unregistered = PlayerRules.newPlayerId();
    String license = fivemLicense();

    Answer refused = api.redeemInGame(api.codeForGame(unregistered), "fivem-license", license);

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.code()).isEqualTo("not_found");
    assertThat(ownerOf("fivem-license", license)).isEmpty();
  }

  @Test
  void badInputIsAValidationProblem() {
    String player = api.registerPlayer();
    String code = api.codeForGame(player);

    assertThat(api.redeemInGame(code, "fivem-license", "not-hex").code())
        .isEqualTo("validation_failed");
    assertThat(api.redeemInGame(code, "steam", steamId()).code()).isEqualTo("validation_failed");
    assertThat(api.redeemInGame("short", "fivem-license", fivemLicense()).code())
        .isEqualTo("validation_failed");
    // None of that spent the code.
    assertThat(api.redeemInGame(code, "fivem-license", fivemLicense()).status()).isEqualTo(200);
  }

  @Test
  void theOwningPlayerUnlinksAndNobodyElseCan() {
    String owner = api.registerPlayer();
    String other = api.registerPlayer();
    String license = fivemLicense();
    assertThat(api.redeemInGame(api.codeForGame(owner), "fivem-license", license).status())
        .isEqualTo(200);

    Answer forOther = api.unlink(api.playerBearer(other), owner, "fivem-license", license);
    Answer notTheirs = api.unlink(api.playerBearer(other), other, "fivem-license", license);
    assertThat(forOther.status()).isEqualTo(403);
    assertThat(notTheirs.status()).isEqualTo(404);
    assertThat(notTheirs.code()).isEqualTo("identity_not_linked");
    assertThat(ownerOf("fivem-license", license)).contains(owner);

    Answer unlinked = api.unlink(api.playerBearer(owner), owner, "fivem-license", license);

    assertThat(unlinked.status()).as(unlinked.body().toString()).isEqualTo(200);
    assertThat(ownerOf("fivem-license", license)).isEmpty();
    assertThat(api.gameLogin("fivem-license", license).code()).isEqualTo("identity_not_linked");
    // Free again: another player may link it now.
    assertThat(api.redeemInGame(api.codeForGame(other), "fivem-license", license).status())
        .isEqualTo(200);
    assertThat(ownerOf("fivem-license", license)).contains(other);
  }

  private static String wrongCodeOtherThan(String code, int attempt) {
    String wrong = "ZZZZZZZ" + "23456789".charAt(attempt);
    return wrong.equals(code) ? "YYYYYYY" + "23456789".charAt(attempt) : wrong;
  }
}
