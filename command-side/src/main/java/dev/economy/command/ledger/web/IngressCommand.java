package dev.economy.command.ledger.web;

/**
 * One command of an ingress batch, read on its own (see {@link IngressCommandDeserializer}) so that
 * a command that cannot be read becomes its own validation_failed result instead of failing the
 * batch.
 */
sealed interface IngressCommand {

  String TRANSFER = "transfer";
  String DEPOSIT = "deposit";
  String WITHDRAWAL = "withdrawal";
  String OPEN_ACCOUNTS = "open-accounts";

  /** The command's type as sent, or null when it had none. */
  String type();

  record Transfer(TransferRequest request) implements IngressCommand {
    @Override
    public String type() {
      return TRANSFER;
    }
  }

  record PlayerTransfer(
      String type,
      PlayerTransferDirection direction,
      String playerId,
      PlayerTransferRequest request)
      implements IngressCommand {}

  record OpenAccounts(String playerId) implements IngressCommand {
    @Override
    public String type() {
      return OPEN_ACCOUNTS;
    }
  }

  /** Could not be read: not an object, no or an unknown type, or a field of the wrong type. */
  record Unreadable(String type, String detail) implements IngressCommand {}

  /** The JSON fields of a deposit or withdrawal in a batch: the player is part of the command. */
  record PlayerTransferFields(
      String playerId, String idempotencyKey, Long amountMinor, String reasonCode, String memo) {}

  /** The JSON fields of open-accounts in a batch. */
  record OpenAccountsFields(String playerId) {}
}
