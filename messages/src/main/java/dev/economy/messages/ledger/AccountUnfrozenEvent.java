package dev.economy.messages.ledger;

public record AccountUnfrozenEvent(String accountId, String reason, String actor) {}
