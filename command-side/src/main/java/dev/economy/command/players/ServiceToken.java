package dev.economy.command.players;

/** The answer of POST /api/v1/auth/service-token: no refresh token, the client exchanges again. */
public record ServiceToken(String accessToken, long expiresIn, String tokenType) {}
