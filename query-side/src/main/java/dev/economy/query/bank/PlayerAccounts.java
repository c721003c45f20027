package dev.economy.query.bank;

import java.util.List;

record PlayerAccounts(String playerId, List<AccountDetails> accounts) {}
