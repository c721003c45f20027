package dev.economy.messages.ledger;

public record AccountFrozenEvent(String accountId, String reason, String actor) {}
