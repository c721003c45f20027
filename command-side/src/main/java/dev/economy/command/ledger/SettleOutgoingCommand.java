package dev.economy.command.ledger;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Internal to the ledger: tells a source account that its outgoing transfer was credited. */
record SettleOutgoingCommand(
    @TargetAggregateIdentifier String accountId, String transferId, long amountMinor) {}
