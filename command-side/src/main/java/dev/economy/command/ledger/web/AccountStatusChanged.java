package dev.economy.command.ledger.web;

import dev.economy.messages.ledger.AccountStatus;

/** Answer of a freeze, unfreeze or close: the status the account has now. */
record AccountStatusChanged(String accountId, AccountStatus status) {}
