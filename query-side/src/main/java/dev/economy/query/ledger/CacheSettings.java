package dev.economy.query.ledger;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Redis cache of account details (application.yml, economy.cache.*).
 *
 * @param ttl how long an entry (or a pending marker) lives: the bound on how long a cache that
 *     missed an invalidation can be wrong
 * @param timeout how long a read waits for Redis before it goes to PostgreSQL alone
 * @param retryInterval while Redis is down, how often one request tries it again; the others skip
 *     it, so a dead Redis costs them nothing
 */
@ConfigurationProperties("economy.cache")
record CacheSettings(
    @DefaultValue("PT5M") Duration ttl,
    @DefaultValue("PT0.25S") Duration timeout,
    @DefaultValue("PT5S") Duration retryInterval) {

  CacheSettings {
    QuerySettings.require(QuerySettings.positive(ttl), "economy.cache.ttl must be positive");
    QuerySettings.require(
        QuerySettings.positive(timeout), "economy.cache.timeout must be positive");
    QuerySettings.require(
        QuerySettings.positive(retryInterval), "economy.cache.retry-interval must be positive");
  }
}
