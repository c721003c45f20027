package dev.economy.command.identity;

/** The answer of POST /api/v1/auth/service-token: no refresh token, the client exchanges again. */
record ServiceToken(String accessToken, long expiresIn, String tokenType) {}
