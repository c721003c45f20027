package dev.economy.command.ledger.web;

/** Answer of opening a player's accounts: the ids are derived from the player id. */
record PlayerAccounts(String playerId, String walletAccountId, String bankAccountId) {}
