package dev.economy.messages.bank;

public record TransferCompletedEvent(String transferId, String fromAccountId, String toAccountId, long amountMinor) {}
