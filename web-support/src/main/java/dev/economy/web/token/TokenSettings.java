package dev.economy.web.token;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The settings of the token issuer (economy.auth.*, docs/settings.md). Public because the caller
 * seam of the app verifies what this side issues and must agree on issuer, audience and skew.
 */
@Component
public class TokenSettings {

  private final String issuer;
  private final String audience;
  private final Duration accessTokenTtl;
  private final Duration serviceTokenTtl;
  private final Duration clockSkew;
  private final Duration keyRotationInterval;
  private final Duration keyCheckInterval;
  private final Duration refreshTokenIdleTtl;
  private final Duration refreshTokenAbsoluteTtl;

  TokenSettings(
      @Value("${economy.auth.issuer:economy}") String issuer,
      @Value("${economy.auth.audience:economy-api}") String audience,
      @Value("${economy.auth.access-token-ttl:PT10M}") Duration accessTokenTtl,
      @Value("${economy.auth.service-token-ttl:PT10M}") Duration serviceTokenTtl,
      @Value("${economy.auth.clock-skew:PT30S}") Duration clockSkew,
      @Value("${economy.auth.key-rotation-interval:P7D}") Duration keyRotationInterval,
      @Value("${economy.auth.key-check-interval:PT1M}") Duration keyCheckInterval,
      @Value("${economy.auth.refresh-token-idle-ttl:P14D}") Duration refreshTokenIdleTtl,
      @Value("${economy.auth.refresh-token-absolute-ttl:P30D}") Duration refreshTokenAbsoluteTtl) {
    require(!issuer.isBlank(), "economy.auth.issuer must not be empty");
    require(!audience.isBlank(), "economy.auth.audience must not be empty");
    // Access tokens cannot be revoked (docs/api.md, "Authentication"): their lifetime is the window
    // in
    // which a stolen one works, so it is held to minutes.
    require(
        positive(accessTokenTtl) && accessTokenTtl.compareTo(Duration.ofHours(1)) <= 0,
        "economy.auth.access-token-ttl must be more than 0 and at most 1 hour");
    require(
        positive(serviceTokenTtl) && serviceTokenTtl.compareTo(Duration.ofHours(1)) <= 0,
        "economy.auth.service-token-ttl must be more than 0 and at most 1 hour");
    require(
        !clockSkew.isNegative() && clockSkew.compareTo(Duration.ofMinutes(5)) <= 0,
        "economy.auth.clock-skew must be between 0 and 5 minutes");
    require(
        keyRotationInterval.compareTo(Duration.ofMinutes(1)) >= 0,
        "economy.auth.key-rotation-interval must be at least 1 minute");
    require(positive(keyCheckInterval), "economy.auth.key-check-interval must be more than 0");
    require(
        positive(refreshTokenIdleTtl), "economy.auth.refresh-token-idle-ttl must be more than 0");
    require(
        refreshTokenAbsoluteTtl.compareTo(refreshTokenIdleTtl) >= 0,
        "economy.auth.refresh-token-absolute-ttl must be at least the idle lifetime");
    this.issuer = issuer;
    this.audience = audience;
    this.accessTokenTtl = accessTokenTtl;
    this.serviceTokenTtl = serviceTokenTtl;
    this.clockSkew = clockSkew;
    this.keyRotationInterval = keyRotationInterval;
    this.keyCheckInterval = keyCheckInterval;
    this.refreshTokenIdleTtl = refreshTokenIdleTtl;
    this.refreshTokenAbsoluteTtl = refreshTokenAbsoluteTtl;
  }

  private static boolean positive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The iss claim of every token, and the one the verifier requires. */
  public String issuer() {
    return issuer;
  }

  /** The aud claim of every token, and the one the verifier requires. */
  public String audience() {
    return audience;
  }

  /** Leeway for exp and nbf between the clocks of instances. */
  public Duration clockSkew() {
    return clockSkew;
  }

  public Duration accessTokenTtl() {
    return accessTokenTtl;
  }

  public Duration serviceTokenTtl() {
    return serviceTokenTtl;
  }

  /** The longest a token signed now can stay valid, skew included. */
  Duration tokenLifetimeMax() {
    return (accessTokenTtl.compareTo(serviceTokenTtl) >= 0 ? accessTokenTtl : serviceTokenTtl)
        .plus(clockSkew);
  }

  Duration keyRotationInterval() {
    return keyRotationInterval;
  }

  Duration keyCheckInterval() {
    return keyCheckInterval;
  }

  public Duration refreshTokenIdleTtl() {
    return refreshTokenIdleTtl;
  }

  public Duration refreshTokenAbsoluteTtl() {
    return refreshTokenAbsoluteTtl;
  }
}
