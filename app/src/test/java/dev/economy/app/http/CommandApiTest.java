package dev.economy.app.http;

import dev.economy.app.IntegrationTest;
import dev.economy.app.TestPlayers;
import dev.economy.app.TestTokens;
import dev.economy.command.ledger.Account;
import dev.economy.command.players.AccessTokens;
import org.axonframework.modelling.command.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Base of the HTTP tests: a fresh client of the command API per test, closed after it. */
abstract class CommandApiTest extends IntegrationTest {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  @Autowired
  @Qualifier("accountRepository")
  Repository<Account> accountRepository;

  @Autowired AccessTokens accessTokens;
  @Autowired ApplicationContext context;

  CommandApi api;

  @BeforeEach
  void openClient() {
    api =
        new CommandApi(
            port,
            jdbc,
            accountRepository,
            new TestTokens(port, accessTokens),
            new TestPlayers(context));
  }

  @AfterEach
  void closeClient() {
    api.close();
  }
}
