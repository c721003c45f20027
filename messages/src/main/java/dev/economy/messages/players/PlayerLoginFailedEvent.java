package dev.economy.messages.players;

import java.time.Instant;

/** Someone gave a wrong password for this player. @param address the client's address */
public record PlayerLoginFailedEvent(String playerId, String address, Instant failedAt) {}
