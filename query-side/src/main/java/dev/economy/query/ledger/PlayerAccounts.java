package dev.economy.query.ledger;

import java.util.List;

record PlayerAccounts(String playerId, List<AccountDetails> accounts) {}
