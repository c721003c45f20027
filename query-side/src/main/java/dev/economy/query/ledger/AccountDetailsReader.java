package dev.economy.query.ledger;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Cache-aside reads of account details: Redis when it has the current entry, else PostgreSQL. */
@Component
class AccountDetailsReader {

  private final AccountCache cache;
  private final LedgerReadModels readModels;

  AccountDetailsReader(AccountCache cache, LedgerReadModels readModels) {
    this.cache = cache;
    this.readModels = readModels;
  }

  /** Empty when the account does not exist (not cached: an unknown id costs one indexed read). */
  Mono<AccountDetails> details(String accountId) {
    return cache
        .cached(accountId)
        .switchIfEmpty(
            Mono.defer(
                () ->
                    readModels
                        .account(accountId)
                        // Stored before answering, so that the next read is a hit; the store never
                        // fails the read.
                        .flatMap(details -> cache.storeIfNewer(details).thenReturn(details))));
  }
}
