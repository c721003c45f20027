package dev.economy.command.players.web;

/**
 * Body of POST /api/v1/auth/login: a username or an e-mail address (in {@code username}, or in
 * {@code email}), and the password. toString leaves the password out (Spring logs decoded bodies at
 * DEBUG).
 */
record LoginRequest(String username, String email, String password) {

  @Override
  public String toString() {
    return "LoginRequest[username=" + username + ", email=" + email + "]";
  }
}
