package dev.economy.messages.players;

/**
 * Asks the players context whether a player is registered (an Axon query, answered from its lookup
 * tables: one select by the unique player id). Other contexts ask this instead of reading the
 * players context's tables or classes: the ledger refuses to open accounts for a player nobody
 * registered. The answer is an {@code Optional<RegisteredPlayer>}, empty for an unknown or
 * malformed id.
 */
public record FindPlayerQuery(String playerId) {}
