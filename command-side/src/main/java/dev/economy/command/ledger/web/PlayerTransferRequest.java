package dev.economy.command.ledger.web;

/**
 * Body of POST /api/v1/players/{playerId}/deposits and /withdrawals. The accounts follow from the
 * player and the direction; the reason code defaults to the direction's.
 */
record PlayerTransferRequest(
    String idempotencyKey, Long amountMinor, String reasonCode, String memo) {}
