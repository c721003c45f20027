package dev.economy.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class SmokeIT extends IntegrationTest {
  @Autowired JdbcTemplate jdbc;

  @Test
  void systemAccountsAreOpenedAtStartUp() {
    Integer opened =
        jdbc.queryForObject(
            "select count(*) from domainevententry where aggregateidentifier like 'system:%'"
                // other tests move money from system accounts: count the openings only
                + " and payloadtype like '%AccountOpenedEvent'",
            Integer.class);
    assertThat(opened).isEqualTo(5);
  }
}
