package dev.economy.messages.ledger;

public record AccountOpenedEvent(
    String accountId, String ownerId, AccountKind kind, String actor) {}
