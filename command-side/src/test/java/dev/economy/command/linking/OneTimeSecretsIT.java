package dev.economy.command.linking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.economy.command.linking.OneTimeSecrets.Grant;
import dev.economy.command.linking.OneTimeSecrets.Redemption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis side of the one-time secrets, against the real Redis: expiry, single use, attempts. */
class OneTimeSecretsIT {

  private static LinkingRedis redis;
  private static OneTimeSecrets secrets;

  @BeforeAll
  static void start() {
    redis = new LinkingRedis();
    secrets = redis.secrets();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  @Test
  void aCodeIsTypableAndRandom() {
    String first = secrets.newCode();
    assertThat(first).hasSize(8).matches("[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}");
    assertThat(List.of(secrets.newCode(), secrets.newCode(), secrets.newCode()))
        .doesNotContain(first);
  }

  @Test
  void aCodeExpiresAfterItsTtl() throws InterruptedException {
    String owner = unique();
    String code = secrets.issueCode("player", grant(owner), Duration.ofMillis(300)).block();
    Thread.sleep(600);
    assertThat(secrets.redeemCode("player", code, unique(), 5, Duration.ofMinutes(1)).block())
        .isInstanceOf(Redemption.Wrong.class);
  }

  @Test
  void aCodeIsRedeemedOnceEvenWhenRedeemersRace() throws Exception {
    String owner = unique();
    String code = secrets.issueCode("player", grant(owner), Duration.ofMinutes(1)).block();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      Callable<Redemption> redeem =
          () -> secrets.redeemCode("player", code, unique(), 5, Duration.ofMinutes(1)).block();
      List<Future<Redemption>> outcomes = pool.invokeAll(java.util.Collections.nCopies(8, redeem));
      long redeemed = 0;
      for (Future<Redemption> outcome : outcomes) {
        if (outcome.get() instanceof Redemption.Redeemed r) {
          assertThat(r.grant().playerId()).isEqualTo(owner);
          redeemed++;
        }
      }
      assertThat(redeemed).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void wrongCodesLockTheRedeemerOutAndThenEvenTheRightCodeIsNotLookedAt() {
    String redeemer = unique();
    String code = secrets.issueCode("player", grant(unique()), Duration.ofMinutes(1)).block();
    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThat(
              secrets.redeemCode("player", "WRONGXXX", redeemer, 3, Duration.ofMinutes(1)).block())
          .isEqualTo(new Redemption.Wrong(attempt));
    }
    Redemption locked =
        secrets.redeemCode("player", code, redeemer, 3, Duration.ofMinutes(1)).block();
    assertThat(locked).isInstanceOf(Redemption.Locked.class);
    assertThat(((Redemption.Locked) locked).retryAfter())
        .isBetween(Duration.ofSeconds(50), Duration.ofMinutes(1));
    // Another redeemer is not locked, and the code was not used up by the locked attempt.
    assertThat(secrets.redeemCode("player", code, unique(), 3, Duration.ofMinutes(1)).block())
        .isInstanceOf(Redemption.Redeemed.class);
  }

  @Test
  void aNewCodeOfTheSameOwnerKillsTheOldOne() {
    String owner = unique();
    String first = secrets.issueCode("player", grant(owner), Duration.ofMinutes(1)).block();
    String second = secrets.issueCode("player", grant(owner), Duration.ofMinutes(1)).block();
    assertThat(secrets.redeemCode("player", first, unique(), 5, Duration.ofMinutes(1)).block())
        .isInstanceOf(Redemption.Wrong.class);
    assertThat(secrets.redeemCode("player", second, unique(), 5, Duration.ofMinutes(1)).block())
        .isInstanceOf(Redemption.Redeemed.class);
  }

  @Test
  void aStateIsConsumedOnce() {
    String owner = unique();
    String state = secrets.issueState("discord", grant(owner), Duration.ofMinutes(1)).block();
    assertThat(state).matches("[A-Za-z0-9_-]{43}");
    assertThat(secrets.consumeState("discord", state).block()).map(Grant::playerId).contains(owner);
    assertThat(secrets.consumeState("discord", state).block()).isEqualTo(Optional.empty());
  }

  @Test
  void aNonceIsSeenFirstOnceUntilItsTimeHasPassed() throws InterruptedException {
    String nonce = "2026-11-26T07:00:00Z" + unique();
    assertThat(
            secrets
                .firstSightOfNonce("https://steam.example", nonce, Duration.ofMillis(400))
                .block())
        .isTrue();
    assertThat(
            secrets
                .firstSightOfNonce("https://steam.example", nonce, Duration.ofMillis(400))
                .block())
        .isFalse();
    Thread.sleep(700);
    assertThat(
            secrets
                .firstSightOfNonce("https://steam.example", nonce, Duration.ofMillis(400))
                .block())
        .isTrue();
  }

  private static Grant grant(String playerId) {
    return new Grant("player:" + playerId, playerId, null, null);
  }

  private static String unique() {
    return UUID.randomUUID().toString();
  }
}
