package dev.economy.command.http;

/** Answer of opening a player's accounts: the ids are derived from the player id. */
record PlayerAccounts(String playerId, String walletAccountId, String bankAccountId) {}
