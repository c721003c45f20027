package dev.economy.command.http;

import dev.economy.messages.bank.AccountStatus;

/** Answer of a freeze, unfreeze or close: the status the account has now. */
record AccountStatusChanged(String accountId, AccountStatus status) {}
