package dev.economy.command.ledger.web;

import dev.economy.messages.ledger.LedgerRules;

/** A player moving money between their own wallet (cash) and bank account. */
enum PlayerTransferDirection {
  DEPOSIT("deposit") {
    @Override
    String fromAccountId(String playerId) {
      return LedgerRules.walletAccountId(playerId);
    }

    @Override
    String toAccountId(String playerId) {
      return LedgerRules.bankAccountId(playerId);
    }
  },
  WITHDRAWAL("withdrawal") {
    @Override
    String fromAccountId(String playerId) {
      return LedgerRules.bankAccountId(playerId);
    }

    @Override
    String toAccountId(String playerId) {
      return LedgerRules.walletAccountId(playerId);
    }
  };

  private final String defaultReasonCode;

  PlayerTransferDirection(String defaultReasonCode) {
    this.defaultReasonCode = defaultReasonCode;
  }

  String defaultReasonCode() {
    return defaultReasonCode;
  }

  abstract String fromAccountId(String playerId);

  abstract String toAccountId(String playerId);
}
