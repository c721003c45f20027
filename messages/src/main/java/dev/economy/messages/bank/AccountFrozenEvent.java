package dev.economy.messages.bank;

public record AccountFrozenEvent(String accountId, String reason, String actor) {}
