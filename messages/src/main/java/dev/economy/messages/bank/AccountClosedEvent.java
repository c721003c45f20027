package dev.economy.messages.bank;

public record AccountClosedEvent(String accountId, String reason, String actor) {}
