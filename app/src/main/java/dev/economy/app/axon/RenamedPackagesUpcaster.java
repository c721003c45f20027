package dev.economy.app.axon;

import java.util.List;
import java.util.Map;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Events and snapshots are stored under their Java class names. When a context's package was
 * renamed (the ledger was once {@code bank}, the players context {@code identity}), the events
 * written before still carry the old names: this maps them to today's, so that every event ever
 * stored still loads (an aggregate, a projection, a rebuild, an auditor's replay). Only the type
 * name changes; the payload is passed through untouched, and the revision is kept.
 *
 * <p>Axon's Spring Boot support registers every {@code EventUpcaster} bean in the chain of the
 * event store, in every role, so no role ever meets a name it cannot resolve.
 */
@Component
@Order(0)
public class RenamedPackagesUpcaster extends SingleEventUpcaster {

  /** Old package prefix to new one, checked in order (the longer, more specific ones first). */
  static final List<Map.Entry<String, String>> RENAMED =
      List.of(
          Map.entry("dev.economy.messages.bank.", "dev.economy.messages.ledger."),
          Map.entry("dev.economy.messages.identity.", "dev.economy.messages.players."),
          Map.entry("dev.economy.command.bank.", "dev.economy.command.ledger."),
          Map.entry("dev.economy.command.identity.", "dev.economy.command.players."));

  @Override
  protected boolean canUpcast(IntermediateEventRepresentation representation) {
    return renamed(representation.getType().getName()) != null;
  }

  @Override
  protected IntermediateEventRepresentation doUpcast(
      IntermediateEventRepresentation representation) {
    String name = renamed(representation.getType().getName());
    return unchangedPayload(
        representation,
        new SimpleSerializedType(name, representation.getType().getRevision()),
        representation.getData().getContentType());
  }

  /** The payload as stored (no conversion), under another type. */
  private static <T> IntermediateEventRepresentation unchangedPayload(
      IntermediateEventRepresentation representation,
      SimpleSerializedType type,
      Class<T> storedAs) {
    return representation.upcastPayload(type, storedAs, payload -> payload);
  }

  /** Today's name of a type stored under an old package, or null when the name is current. */
  static String renamed(String typeName) {
    for (Map.Entry<String, String> rename : RENAMED) {
      if (typeName.startsWith(rename.getKey())) {
        return rename.getValue() + typeName.substring(rename.getKey().length());
      }
    }
    return null;
  }
}
