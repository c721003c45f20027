package dev.economy.command.players.web;

/** Body of POST /api/v1/auth/service-token. */
record ServiceTokenRequest(String clientId, String clientSecret) {

  @Override
  public String toString() {
    // Never let the secret reach a log line.
    return "ServiceTokenRequest[clientId=" + clientId + "]";
  }
}
