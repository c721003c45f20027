package dev.economy.messages.ledger;

public record TransferCompletedEvent(
    String transferId, String fromAccountId, String toAccountId, long amountMinor) {}
