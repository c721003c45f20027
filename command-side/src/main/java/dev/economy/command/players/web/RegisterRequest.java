package dev.economy.command.players.web;

/**
 * Body of POST /api/v1/auth/register. toString leaves the password out (Spring logs decoded bodies
 * at DEBUG).
 */
record RegisterRequest(String username, String email, String password) {

  @Override
  public String toString() {
    return "RegisterRequest[username=" + username + ", email=" + email + "]";
  }
}
