package dev.economy.command.ledger.web;

/** Body of POST /api/v1/accounts/{accountId}/freeze, /unfreeze and /close. */
record AccountStatusRequest(String reason) {}
