package dev.economy.messages.ledger;

public record TransferReturnedEvent(
    String transferId,
    String fromAccountId,
    String toAccountId,
    long amountMinor,
    String failureCode) {}
