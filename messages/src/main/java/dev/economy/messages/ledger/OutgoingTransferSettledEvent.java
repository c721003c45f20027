package dev.economy.messages.ledger;

/**
 * The source account learns that an outgoing transfer reached its destination: the amount is no
 * longer in flight out of it (the balance already dropped when it was debited).
 */
public record OutgoingTransferSettledEvent(String accountId, String transferId, long amountMinor) {}
