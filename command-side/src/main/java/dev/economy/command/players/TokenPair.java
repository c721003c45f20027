package dev.economy.command.players;

/**
 * What a player gets on login: a short-lived access token (a JWT to send as {@code Authorization:
 * Bearer}) and an opaque refresh token that buys the next pair once.
 *
 * @param accessToken the signed JWT (typ at+jwt)
 * @param refreshToken opaque, single use: POST /api/v1/auth/refresh rotates it
 * @param expiresIn seconds until the access token expires
 * @param tokenType always "Bearer"
 */
public record TokenPair(
    String accessToken, String refreshToken, long expiresIn, String tokenType) {}
