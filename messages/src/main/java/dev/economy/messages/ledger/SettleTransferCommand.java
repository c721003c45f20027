package dev.economy.messages.ledger;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Completes the credit side of a pending transfer (or returns it). Idempotent. */
public record SettleTransferCommand(@TargetAggregateIdentifier String transferId) {}
