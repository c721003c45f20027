package dev.economy.app.ledger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.economy.command.ledger.Account;
import dev.economy.messages.ledger.AccountKind;
import dev.economy.messages.ledger.AccountStatus;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.Repository;

/**
 * Reads an Account aggregate's state as the command side sees it: loaded through Axon's repository
 * (snapshot plus the events after it), then read through Jackson, the same mapping the snapshots
 * use, so no private field is touched by reflection. Public: the HTTP tests (app.http) read
 * balances the same way.
 */
public final class AccountAggregates {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AccountState(
      String accountId,
      String ownerId,
      AccountKind kind,
      AccountStatus status,
      long balanceMinor,
      long inFlightOutMinor) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Repository<Account> repository;

  public AccountAggregates(Repository<Account> repository) {
    this.repository = repository;
  }

  public AccountState load(String accountId) {
    UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
    try {
      return repository
          .load(accountId)
          .invoke(account -> MAPPER.convertValue(account, AccountState.class));
    } finally {
      // Only read: roll back so that nothing could be written and the account's lock is released.
      unitOfWork.rollback();
    }
  }
}
