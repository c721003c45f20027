package dev.economy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.springboot.updates.UpdateCheckConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Axon on PostgreSQL as the issue asks: the JDBC storage engine and token store, the Jackson
 * serializer, every table created by Flyway (none by Axon or anyone else), serialized data in
 * bytea, the indexes of Axon's RDBMS tuning guide, the update checker off, Axon Server off by
 * default.
 */
class AxonOnPostgresIT extends IntegrationTest {

  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
  private static final Pattern CREATE_TABLE =
      Pattern.compile("(?i)CREATE TABLE (?:IF NOT EXISTS )?(\\w+)");

  @Autowired ApplicationContext context;
  @Autowired Environment environment;
  @Autowired JdbcTemplate jdbc;
  @Autowired EventStorageEngine eventStorageEngine;
  @Autowired TokenStore tokenStore;
  @Autowired Serializer serializer;

  @Autowired
  @Qualifier("eventSerializer")
  Serializer eventSerializer;

  @Autowired
  @Qualifier("messageSerializer")
  Serializer messageSerializer;

  @Test
  void eventsAndTokensLiveInPostgresqlThroughAxonsJdbcStorageAsJson() {
    assertThat(eventStorageEngine).isInstanceOf(JdbcEventStorageEngine.class);
    assertThat(tokenStore).isInstanceOf(JdbcTokenStore.class);
    assertThat(List.of(serializer, eventSerializer, messageSerializer))
        .allSatisfy(s -> assertThat(s).isInstanceOf(JacksonSerializer.class));
    byte[] payload =
        jdbc.queryForObject(
            "select payload from domainevententry order by globalindex limit 1", byte[].class);
    assertThat(new String(payload, java.nio.charset.StandardCharsets.UTF_8)).startsWith("{");
  }

  @Test
  void axonServerIsOffByDefault() {
    assertThat(environment.getProperty("axon.axonserver.enabled", Boolean.class)).isFalse();
    assertThat(context.getBeanNamesForType(AxonServerConnectionManager.class)).isEmpty();
  }

  @Test
  void theUpdateCheckerIsDisabledByTheApplicationsOwnSettings() {
    // Bound from application.yml: the surefire system property is another name (axoniq.*).
    UpdateCheckConfiguration updateCheck =
        Binder.get(environment).bind("axon.update-check", UpdateCheckConfiguration.class).get();
    assertThat(updateCheck.getDisabled()).isTrue();
  }

  @Test
  void everyTableIsCreatedByTheFlywayMigrations() throws IOException {
    Set<String> migrated = new TreeSet<>();
    try (Stream<Path> scripts = Files.list(MIGRATIONS)) {
      for (Path script : scripts.toList()) {
        Matcher matcher = CREATE_TABLE.matcher(Files.readString(script));
        while (matcher.find()) {
          migrated.add(matcher.group(1).toLowerCase(Locale.ROOT));
        }
      }
    }
    assertThat(migrated)
        .contains(
            "domainevententry",
            "snapshotevententry",
            "tokenentry",
            "sagaentry",
            "associationvalueentry",
            "deadletterentry",
            "account_balance",
            "account_history",
            "transfer_in_flight",
            "money_supply");
    Set<String> tables =
        new TreeSet<>(
            jdbc.queryForList(
                "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'"
                    + " and table_name <> 'flyway_schema_history'",
                String.class));
    assertThat(tables).isEqualTo(migrated);
  }

  @Test
  void serializedDataIsByteaNeverLargeObjects() {
    List<String> columns =
        List.of(
            "domainevententry.payload",
            "domainevententry.metadata",
            "snapshotevententry.payload",
            "snapshotevententry.metadata",
            "tokenentry.token",
            "sagaentry.serializedsaga",
            "deadletterentry.payload",
            "deadletterentry.metadata");
    for (String column : columns) {
      String[] tableAndColumn = column.split("\\.");
      String type =
          jdbc.queryForObject(
              "select data_type from information_schema.columns"
                  + " where table_schema = 'public' and table_name = ? and column_name = ?",
              String.class,
              tableAndColumn[0],
              tableAndColumn[1]);
      assertThat(type).as(column).isEqualTo("bytea");
    }
  }

  @Test
  void theIndexesOfAxonsTuningGuideExist() {
    List<String> indexes =
        jdbc.queryForList(
            "select indexdef from pg_indexes where schemaname = 'public'", String.class);
    assertThat(indexes)
        .anySatisfy(
            index ->
                assertThat(index)
                    .contains("UNIQUE INDEX")
                    .contains("ON public.domainevententry")
                    .contains("(aggregateidentifier, sequencenumber)"));
    assertThat(indexes)
        .anySatisfy(
            index ->
                assertThat(index)
                    .contains("UNIQUE INDEX")
                    .contains("ON public.domainevententry")
                    .contains("(eventidentifier)"));
    assertThat(indexes)
        .anySatisfy(
            index ->
                assertThat(index)
                    .contains("ON public.associationvalueentry")
                    .contains("(sagatype, associationkey, associationvalue)"));
    assertThat(indexes)
        .anySatisfy(
            index ->
                assertThat(index)
                    .contains("ON public.associationvalueentry")
                    .contains("(sagaid, sagatype)"));
    assertThat(indexes)
        .anySatisfy(
            index ->
                assertThat(index)
                    .contains("UNIQUE INDEX")
                    .contains("ON public.tokenentry")
                    .contains("(processorname, segment)"));
  }
}
