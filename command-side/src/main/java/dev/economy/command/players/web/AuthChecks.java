package dev.economy.command.players.web;

import dev.economy.messages.players.PlayerRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The input rules of registration and login, all checked at once so that a client learns every
 * broken rule of its request. Violations describe the rule, never the value: a password, or
 * something typed into the wrong field, is never echoed.
 */
final class AuthChecks {

  /** A login name is a username or an e-mail address: never longer than the longer of the two. */
  static final int LOGIN_LENGTH_MAX = PlayerRules.EMAIL_LENGTH_MAX;

  private final List<String> violations = new ArrayList<>();

  private AuthChecks() {}

  List<String> violations() {
    return violations;
  }

  boolean passed() {
    return violations.isEmpty();
  }

  static AuthChecks registration(RegisterRequest request) {
    AuthChecks checks = new AuthChecks();
    String username = request.username();
    if (username == null) {
      checks.violations.add("username is missing");
    } else if (!PlayerRules.USERNAME.matcher(username).matches()) {
      checks.violations.add(
          "username must be "
              + PlayerRules.USERNAME_LENGTH_MIN
              + " to "
              + PlayerRules.USERNAME_LENGTH_MAX
              + " characters of A-Z a-z 0-9 _ . - starting with a letter or digit");
    }
    String email = request.email();
    if (email == null) {
      checks.violations.add("email is missing");
    } else if (email.length() > PlayerRules.EMAIL_LENGTH_MAX + 16
        || !PlayerRules.isValidEmail(PlayerRules.normaliseEmail(email))) {
      checks.violations.add(
          "email must be an e-mail address of at most "
              + PlayerRules.EMAIL_LENGTH_MAX
              + " characters");
    }
    checks.password(request.password(), username, email);
    return checks;
  }

  static AuthChecks login(LoginRequest request) {
    AuthChecks checks = new AuthChecks();
    if (request.username() == null && request.email() == null) {
      checks.violations.add("username (or email) is missing");
    } else if (request.username() != null && request.email() != null) {
      checks.violations.add("give username or email, not both");
    } else {
      String login = request.username() != null ? request.username() : request.email();
      if (login.isBlank() || login.length() > LOGIN_LENGTH_MAX) {
        checks.violations.add(
            "username (or email) must be 1 to " + LOGIN_LENGTH_MAX + " characters");
      }
    }
    String password = request.password();
    if (password == null || password.isEmpty()) {
      checks.violations.add("password is missing");
    } else if (password.length() > PlayerRules.PASSWORD_LENGTH_MAX) {
      // Refused before any hashing: the length bounds the work a request can cause.
      checks.violations.add(
          "password is longer than " + PlayerRules.PASSWORD_LENGTH_MAX + " characters");
    }
    return checks;
  }

  /**
   * NIST SP 800-63B: a minimum and a generous maximum length, no composition rules, and no password
   * that is the account's own name. Checked on the length before anything else touches it.
   */
  private void password(String password, String username, String email) {
    if (password == null) {
      violations.add("password is missing");
      return;
    }
    if (password.length() > PlayerRules.PASSWORD_LENGTH_MAX) {
      violations.add("password is longer than " + PlayerRules.PASSWORD_LENGTH_MAX + " characters");
      return;
    }
    int length = password.codePointCount(0, password.length());
    if (length < PlayerRules.PASSWORD_LENGTH_MIN) {
      violations.add(
          "password must have at least " + PlayerRules.PASSWORD_LENGTH_MIN + " characters");
      return;
    }
    if (password.isBlank()) {
      violations.add("password must not be only spaces");
      return;
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (username != null
        && username.length() >= PlayerRules.USERNAME_LENGTH_MIN
        && lower.contains(username.toLowerCase(Locale.ROOT))) {
      violations.add("password must not contain the username");
    } else if (email != null && lower.contains(PlayerRules.normaliseEmail(email))) {
      violations.add("password must not contain the e-mail address");
    }
  }
}
