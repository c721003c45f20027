package dev.economy.query.ledger;

import java.util.List;

record PlayerAccountList(String playerId, List<AccountDetails> accounts) {}
