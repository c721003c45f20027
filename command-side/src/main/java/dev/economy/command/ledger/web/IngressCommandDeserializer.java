package dev.economy.command.ledger.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.economy.web.JsonInputProblems;
import java.io.IOException;

/**
 * Reads one command of a batch. The batch as a whole must be well-formed JSON, but each command is
 * mapped on its own and a command that does not map becomes {@link IngressCommand.Unreadable}: one
 * buggy command must not hold back the others (a game server resending the batch would be stuck on
 * it forever). Mapping goes through the request's own DeserializationContext, so each command is
 * read as strictly as any request body (no "100" for 100, no unknown fields).
 */
class IngressCommandDeserializer extends StdDeserializer<IngressCommand> {

  private static final String TYPES = "one of transfer, deposit, withdrawal, open-accounts";

  IngressCommandDeserializer() {
    super(IngressCommand.class);
  }

  @Override
  public IngressCommand deserialize(JsonParser parser, DeserializationContext context)
      throws IOException {
    JsonNode node = context.readTree(parser);
    if (!(node instanceof ObjectNode command)) {
      return new IngressCommand.Unreadable(null, "a command must be a JSON object");
    }
    JsonNode typeNode = command.get("type");
    if (typeNode == null || !typeNode.isTextual()) {
      return new IngressCommand.Unreadable(null, "type is missing or not a string: " + TYPES);
    }
    String type = typeNode.textValue();
    // The tree is this command's own, freshly read: strip the type in place rather than copy it.
    ObjectNode fields = command;
    fields.remove("type");
    try {
      return switch (type) {
        case IngressCommand.TRANSFER ->
            new IngressCommand.Transfer(context.readTreeAsValue(fields, TransferRequest.class));
        case IngressCommand.DEPOSIT ->
            playerTransfer(type, PlayerTransferDirection.DEPOSIT, fields, context);
        case IngressCommand.WITHDRAWAL ->
            playerTransfer(type, PlayerTransferDirection.WITHDRAWAL, fields, context);
        case IngressCommand.OPEN_ACCOUNTS ->
            new IngressCommand.OpenAccounts(
                context
                    .readTreeAsValue(fields, IngressCommand.OpenAccountsFields.class)
                    .playerId());
        default -> new IngressCommand.Unreadable(type, "unknown type '" + type + "': " + TYPES);
      };
    } catch (JsonProcessingException unreadable) {
      return new IngressCommand.Unreadable(type, JsonInputProblems.describe(unreadable));
    }
  }

  /** A null in the commands array is a command that cannot be read, like any other. */
  @Override
  public IngressCommand getNullValue(DeserializationContext context) {
    return new IngressCommand.Unreadable(null, "a command must be a JSON object");
  }

  private static IngressCommand playerTransfer(
      String type,
      PlayerTransferDirection direction,
      ObjectNode fields,
      DeserializationContext context)
      throws IOException {
    IngressCommand.PlayerTransferFields read =
        context.readTreeAsValue(fields, IngressCommand.PlayerTransferFields.class);
    return new IngressCommand.PlayerTransfer(
        type,
        direction,
        read.playerId(),
        new PlayerTransferRequest(
            read.idempotencyKey(), read.amountMinor(), read.reasonCode(), read.memo()));
  }
}
