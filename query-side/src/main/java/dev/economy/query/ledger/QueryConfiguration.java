package dev.economy.query.ledger;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({QuerySettings.class, CacheSettings.class})
class QueryConfiguration {}
