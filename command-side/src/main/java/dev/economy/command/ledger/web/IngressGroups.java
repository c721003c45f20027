package dev.economy.command.ledger.web;

import dev.economy.command.ledger.Account;
import dev.economy.command.ledger.LedgerFailure;
import dev.economy.command.ledger.web.LedgerCommands.Answered;
import dev.economy.command.ledger.web.LedgerCommands.Planned;
import dev.economy.command.ledger.web.LedgerCommands.PlannedOpenAccounts;
import dev.economy.command.ledger.web.LedgerCommands.PlannedTransfer;
import dev.economy.messages.ledger.SettleTransferCommand;
import dev.economy.messages.ledger.TransferOutcome;
import dev.economy.messages.ledger.TransferStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Runs the commands of an ingress batch in groups: up to {@code economy.ingress.group-commands-max}
 * commands in a row share one unit of work and one PostgreSQL transaction, so that a group's events
 * are appended in one JDBC batch and committed once, instead of two transactions per transfer. Each
 * command still runs through the command bus in its own nested unit of work, with every handler,
 * interceptor and rule it has on its own; the answers are the same as one by one.
 *
 * <p>A group is all or nothing, and only its commit makes its answers true. So whenever anything in
 * a group fails, the whole group is rolled back, and nothing that happened in it is trusted:
 *
 * <ul>
 *   <li>A refusal (insufficient funds, a closed account, a reused key with other content, ...)
 *       leaves the refused command's aggregates changed in memory (a transfer initiated before its
 *       debit was refused). Rolling the group back evicts every aggregate it touched from the
 *       caches, and the aggregates' locks are released only after that. The commands before the
 *       refused one then run again as a group, and the refused one runs alone, as a single request
 *       would, so that its answer comes from the committed state.
 *   <li>Any other failure (a deadlock, which Axon's lock detects: groups take their accounts' locks
 *       in id order, but a single request or the settlement processor may hold a transfer's lock a
 *       group needs; a lost connection; a commit refused by the event store's unique key because
 *       another node appended) runs the rest of the batch one command at a time, each with the
 *       command gateway's retries. Every command can safely run again: transfers are idempotent by
 *       their key, opening accounts is idempotent.
 * </ul>
 *
 * Commands run in request order, within and across groups. Grouping needs the local command bus
 * (the command handled on the dispatching thread); with Axon Server every command runs alone.
 */
@Component
class IngressGroups {

  private static final Logger log = LoggerFactory.getLogger(IngressGroups.class);

  private final LedgerCommands commands;
  private final CommandBus commandBus;
  private final TransactionManager transactionManager;
  private final Repository<Account> accounts;
  private final int groupCommandsMax;

  IngressGroups(
      LedgerCommands commands,
      CommandBus commandBus,
      TransactionManager transactionManager,
      @Qualifier("accountRepository") Repository<Account> accounts,
      @Value("${economy.ingress.group-commands-max:10}") int groupCommandsMax) {
    if (groupCommandsMax < 1) {
      throw new IllegalArgumentException("economy.ingress.group-commands-max must be at least 1");
    }
    this.commands = commands;
    this.commandBus = commandBus;
    this.transactionManager = transactionManager;
    this.accounts = accounts;
    this.groupCommandsMax = commandBus instanceof SimpleCommandBus ? groupCommandsMax : 1;
    log.info(
        "ingress groups of at most {} commands (command bus {})",
        this.groupCommandsMax,
        commandBus.getClass().getName());
  }

  /**
   * Runs the planned commands in order and answers one result per command. Blocks: call it on a
   * worker thread, never on an event loop.
   */
  List<CommandResult> execute(List<Planned> planned) {
    CommandResult[] results = new CommandResult[planned.size()];
    boolean grouping = groupCommandsMax > 1;
    int next = 0;
    while (next < planned.size()) {
      Planned command = planned.get(next);
      if (command instanceof Answered answered) {
        results[next++] = answered.result();
        continue;
      }
      if (!grouping) {
        results[next] = alone(command);
        next++;
        continue;
      }
      int end = groupEnd(planned, next);
      Group group = runGroup(planned, next, end);
      if (group.committed()) {
        System.arraycopy(group.results(), 0, results, next, end - next);
        next = end;
        continue;
      }
      int failed = group.failedAt();
      if (failed < 0 || !LedgerFailure.codeOf(group.failure()).isPresent()) {
        // Not a refusal, or the commit itself failed: no more groups in this batch.
        log.info(
            "an ingress group failed ({}); the rest of the batch runs one command at a time",
            group.failure().toString());
        grouping = false;
        continue;
      }
      if (failed > next) {
        Group before = runGroup(planned, next, failed);
        if (!before.committed()) {
          grouping = false;
          continue;
        }
        System.arraycopy(before.results(), 0, results, next, failed - next);
      }
      results[failed] = alone(planned.get(failed));
      next = failed + 1;
    }
    return Arrays.asList(results);
  }

  /** A group ends at the size limit or at a command that needs no running. */
  private int groupEnd(List<Planned> planned, int start) {
    int end = start;
    while (end < planned.size()
        && end - start < groupCommandsMax
        && !(planned.get(end) instanceof Answered)) {
      end++;
    }
    return end;
  }

  private CommandResult alone(Planned command) {
    CommandResult result = commands.execute(command).block();
    if (result == null) {
      throw new IllegalStateException("a command answered nothing");
    }
    return result;
  }

  /**
   * What a group came to: committed with its results, or the command that failed (-1: the commit).
   */
  private record Group(CommandResult[] results, int failedAt, Throwable failure) {
    boolean committed() {
      return failure == null;
    }
  }

  private Group runGroup(List<Planned> planned, int start, int end) {
    if (CurrentUnitOfWork.isStarted()) {
      throw new IllegalStateException("an ingress group must start its own unit of work");
    }
    CommandResult[] results = new CommandResult[end - start];
    UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
    try {
      // Locks first, the transaction (a pooled connection) after: a group waiting for another's
      // locks must not hold a connection meanwhile. The group holding them may need one more after
      // its commit, for a snapshot, and with every connection held by waiters it would wait for
      // the pool's timeout (30 s) while the waiters wait for it: seen under the benchmark's load.
      lockAccountsInOrder(planned, start, end);
      unitOfWork.attachTransaction(transactionManager);
    } catch (Throwable failure) {
      unitOfWork.rollback(failure);
      return new Group(null, start, failure);
    }
    int index = start;
    try {
      for (; index < end; index++) {
        results[index - start] = inGroup(planned.get(index));
      }
    } catch (Throwable failure) {
      unitOfWork.rollback(failure);
      return new Group(null, index, failure);
    }
    try {
      unitOfWork.commit();
    } catch (Throwable failure) {
      // The unit of work rolled itself back.
      return new Group(null, -1, failure);
    }
    return new Group(results, -1, null);
  }

  /**
   * Takes the locks of every account the group names, in id order, before its first command: a
   * group holds its accounts' locks until it commits, and two groups taking them in the order of
   * their commands (east: a then b, west: b then a) would deadlock. Loading an account through the
   * repository in the group's unit of work locks it until the group ends; the commands then find it
   * loaded. An account that does not exist (or an id that is no account) is left to the command
   * that names it, which answers for it.
   */
  private void lockAccountsInOrder(List<Planned> planned, int start, int end) {
    Set<String> ids = new TreeSet<>();
    for (Planned command : planned.subList(start, end)) {
      if (command instanceof PlannedTransfer transfer) {
        ids.add(transfer.command().fromAccountId());
        ids.add(transfer.command().toAccountId());
      } else if (command instanceof PlannedOpenAccounts open) {
        ids.add(open.accounts().walletAccountId());
        ids.add(open.accounts().bankAccountId());
      }
    }
    for (String id : ids) {
      try {
        accounts.load(id);
      } catch (AggregateNotFoundException | IncompatibleAggregateException notAnAccount) {
        // The command naming it answers not_found (or opens it).
      }
    }
  }

  /** One command in the current group's unit of work; throws whatever it failed with. */
  private CommandResult inGroup(Planned command) throws Throwable {
    if (command instanceof PlannedTransfer transfer) {
      TransferOutcome initiated = dispatch(transfer.command());
      TransferOutcome settled =
          initiated.status() == TransferStatus.PENDING
              ? dispatch(new SettleTransferCommand(initiated.transferId()))
              : initiated;
      return LedgerCommands.transferResult(initiated, settled);
    }
    PlannedOpenAccounts open = (PlannedOpenAccounts) command;
    boolean existed = commands.bothExist(open.accounts());
    dispatch(open.wallet());
    dispatch(open.bank());
    return CommandResult.of(existed ? HttpStatus.OK : HttpStatus.CREATED, open.accounts());
  }

  /**
   * Dispatches on this thread: the local command bus handles the command at once, in a unit of work
   * nested in the group's (its transaction joins the group's).
   */
  private <R> R dispatch(Object command) throws Throwable {
    AtomicReference<CommandResultMessage<?>> answer = new AtomicReference<>();
    commandBus.dispatch(
        GenericCommandMessage.asCommandMessage(command), (message, result) -> answer.set(result));
    CommandResultMessage<?> result = answer.get();
    if (result == null) {
      throw new IllegalStateException(
          "the command bus did not handle "
              + command.getClass().getSimpleName()
              + " on the dispatching thread");
    }
    if (result.isExceptional()) {
      throw result.exceptionResult();
    }
    @SuppressWarnings("unchecked")
    R payload = (R) result.getPayload();
    return payload;
  }
}
