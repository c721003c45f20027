package dev.economy.command.players;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The limits on registration and login (docs/settings.md). */
@Component
class AuthSettings {

  final int loginFailuresMax;
  final Duration loginFailureWindow;
  final Duration lockoutDuration;
  final int loginAttemptsPerAddressMax;
  final int registrationsPerAddressMax;
  final Duration addressWindow;
  final int serviceTokenRefusalsPerAddressMax;

  AuthSettings(
      @Value("${economy.auth.login-failures-max:5}") int loginFailuresMax,
      @Value("${economy.auth.login-failure-window:PT15M}") Duration loginFailureWindow,
      @Value("${economy.auth.lockout-duration:PT15M}") Duration lockoutDuration,
      @Value("${economy.auth.login-attempts-per-address-max:50}") int loginAttemptsPerAddressMax,
      @Value("${economy.auth.registrations-per-address-max:10}") int registrationsPerAddressMax,
      @Value("${economy.auth.address-window:PT10M}") Duration addressWindow,
      @Value("${economy.auth.service-token-refusals-per-address-max:20}")
          int serviceTokenRefusalsPerAddressMax) {
    this.loginFailuresMax = positive(loginFailuresMax, "login-failures-max");
    this.loginFailureWindow = positive(loginFailureWindow, "login-failure-window");
    this.lockoutDuration = positive(lockoutDuration, "lockout-duration");
    this.loginAttemptsPerAddressMax =
        positive(loginAttemptsPerAddressMax, "login-attempts-per-address-max");
    this.registrationsPerAddressMax =
        positive(registrationsPerAddressMax, "registrations-per-address-max");
    this.addressWindow = positive(addressWindow, "address-window");
    this.serviceTokenRefusalsPerAddressMax =
        positive(serviceTokenRefusalsPerAddressMax, "service-token-refusals-per-address-max");
  }

  private static int positive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException("economy.auth." + name + " must be positive, is " + value);
    }
    return value;
  }

  private static Duration positive(Duration value, String name) {
    if (value.toMillis() <= 0) {
      throw new IllegalArgumentException("economy.auth." + name + " must be positive, is " + value);
    }
    return value;
  }
}
