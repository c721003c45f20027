package dev.economy.command.ledger.web;

/** Body of POST /api/v1/transfers, and the fields of a batch command of type "transfer". */
record TransferRequest(
    String idempotencyKey,
    String fromAccountId,
    String toAccountId,
    Long amountMinor,
    String reasonCode,
    String memo) {}
