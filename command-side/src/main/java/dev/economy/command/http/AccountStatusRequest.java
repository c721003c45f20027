package dev.economy.command.http;

/** Body of POST /api/v1/accounts/{accountId}/freeze, /unfreeze and /close. */
record AccountStatusRequest(String reason) {}
