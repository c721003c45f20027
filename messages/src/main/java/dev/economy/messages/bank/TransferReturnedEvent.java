package dev.economy.messages.bank;

public record TransferReturnedEvent(
    String transferId, String fromAccountId, String toAccountId, long amountMinor, String failureCode) {}
