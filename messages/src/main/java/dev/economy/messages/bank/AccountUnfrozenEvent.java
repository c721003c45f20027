package dev.economy.messages.bank;

public record AccountUnfrozenEvent(String accountId, String reason, String actor) {}
