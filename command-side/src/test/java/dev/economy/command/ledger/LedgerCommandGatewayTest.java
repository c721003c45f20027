package dev.economy.command.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.economy.command.axon.CommandGatewayConfiguration;
import dev.economy.messages.ledger.LedgerErrorCode;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

/**
 * The command gateway retries what a retry can fix (two writers of one aggregate) and nothing else:
 * a business refusal answered six times over costs the caller time, and every retry runs on the one
 * retry thread, where it queues behind all the others.
 */
class LedgerCommandGatewayTest {

  private static final int RETRY_ATTEMPTS_MAX = 3;

  private final SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
  private final CommandGateway gateway =
      new CommandGatewayConfiguration()
          .commandGateway(
              commandBus,
              List.of(new LedgerAxonConfiguration().ledgerRefusals()),
              RETRY_ATTEMPTS_MAX);
  private final AtomicInteger attempts = new AtomicInteger();

  @Test
  void aBusinessRefusalIsAnsweredAtOnceWithoutRetrying() {
    commandBus.subscribe(
        String.class.getName(),
        command -> {
          attempts.incrementAndGet();
          throw LedgerFailure.of(LedgerErrorCode.INSUFFICIENT_FUNDS, "holds 0");
        });

    assertThatThrownBy(() -> gateway.sendAndWait(GenericCommandMessage.asCommandMessage("pay")))
        .satisfies(
            e -> assertThat(LedgerFailure.codeOf(e)).contains(LedgerErrorCode.INSUFFICIENT_FUNDS));
    assertThat(attempts).hasValue(1);
  }

  @Test
  void aConcurrentWriteIsRetried() {
    commandBus.subscribe(
        String.class.getName(),
        command -> {
          if (attempts.incrementAndGet() == 1) {
            throw new ConcurrencyException("another writer appended to the aggregate first");
          }
          return "done";
        });

    Object result = gateway.sendAndWait(GenericCommandMessage.asCommandMessage("pay"));

    assertThat(result).isEqualTo("done");
    assertThat(attempts).hasValue(2);
  }
}
