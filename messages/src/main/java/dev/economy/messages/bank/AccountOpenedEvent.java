package dev.economy.messages.bank;

public record AccountOpenedEvent(String accountId, String ownerId, AccountKind kind, String actor) {}
