package dev.economy.messages.ledger;

public record AccountClosedEvent(String accountId, String reason, String actor) {}
