package dev.economy.command.players.web;

/** Body of POST /api/v1/auth/refresh and /logout. */
record RefreshTokenRequest(String refreshToken) {

  @Override
  public String toString() {
    return "RefreshTokenRequest[...]";
  }
}
