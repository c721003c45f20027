package dev.economy.messages.players;

import java.time.Instant;

/** A player proved their password. @param address the client's address */
public record PlayerLoggedInEvent(String playerId, String address, Instant loggedInAt) {}
