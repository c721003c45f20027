package dev.economy.messages.players;

/** The answer to {@link FindPlayerQuery} for a registered player. */
public record RegisteredPlayer(String playerId) {}
