package dev.economy.web.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The ES256 keys that sign access tokens, kept in PostgreSQL (table identity_signing_key) so that
 * every instance signs and verifies with the same keys and they survive restarts.
 *
 * <p>The newest key signs. Once it is older than the rotation interval, the first instance to
 * notice (every key-check interval; a PostgreSQL advisory lock makes it one) creates a new one. The
 * superseded key keeps verifying, and stays in the JWKS, until {@code verify_until}: the moment the
 * last token it can have signed has expired, counting the check interval during which another
 * instance may not yet have seen the new key, the longest token lifetime and the clock skew.
 */
@Component
public class SigningKeys implements SmartInitializingSingleton, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  /** The one advisory lock key of key rotation ("ekeys" in ASCII), so two instances never race. */
  private static final long ROTATION_LOCK = 0x656b657973L;

  /** An unknown kid may be a key another instance just made: look again, but not more often. */
  private static final Duration UNKNOWN_KID_RELOAD_INTERVAL_MIN = Duration.ofSeconds(5);

  /** Bounds what one instance holds: at one rotation a day, a year of keys would not reach it. */
  private static final int KEYS_LOADED_MAX = 100;

  /** A key as loaded: verifyUntil null while it is the one signing. */
  record LoadedKey(ECKey key, Instant createdAt, Instant verifyUntil) {
    boolean verifiesAt(Instant now) {
      return verifyUntil == null || now.isBefore(verifyUntil);
    }
  }

  private record Keys(ECKey signing, List<LoadedKey> all) {}

  private final JdbcTemplate jdbc;
  private final TokenSettings settings;
  private final Clock clock = Clock.systemUTC();
  private final ScheduledExecutorService scheduler;
  private volatile Keys keys;
  private volatile Instant lastUnknownKidReload = Instant.EPOCH;

  SigningKeys(JdbcTemplate jdbc, TokenSettings settings) {
    this.jdbc = jdbc;
    this.settings = settings;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "signing-keys");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** After Flyway has made the table: load (or make) the keys, then check them on schedule. */
  @Override
  public void afterSingletonsInstantiated() {
    refresh();
    long periodMillis = settings.keyCheckInterval().toMillis();
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            refresh();
          } catch (RuntimeException e) {
            // The keys in memory keep working; the next check tries again.
            log.warn(
                "checking the signing keys failed; keeping the keys loaded before: {}",
                e.toString());
          }
        },
        periodMillis,
        periodMillis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void destroy() {
    scheduler.shutdownNow();
  }

  /**
   * Rotates when the signing key is due (or there is none yet), drops keys past their verify_until,
   * and reloads the keys. Runs every key-check interval; public for operators' tools and tests.
   */
  public synchronized void refresh() {
    jdbc.execute(
        (ConnectionCallback<Void>)
            connection -> {
              inTransaction(
                  connection,
                  () -> {
                    lock(connection);
                    Instant now = clock.instant();
                    try (PreparedStatement delete =
                        connection.prepareStatement(
                            "delete from identity_signing_key where verify_until is not null and verify_until < ?")) {
                      delete.setTimestamp(1, Timestamp.from(now));
                      delete.executeUpdate();
                    }
                    Instant newest = newestCreatedAt(connection);
                    if (newest == null
                        || !now.isBefore(newest.plus(settings.keyRotationInterval()))) {
                      insertNewKey(connection, now);
                    }
                  });
              return null;
            });
    reload();
  }

  /**
   * Makes a new signing key now, whatever the schedule says (an operator's key compromise drill).
   */
  public synchronized void rotate() {
    jdbc.execute(
        (ConnectionCallback<Void>)
            connection -> {
              inTransaction(
                  connection,
                  () -> {
                    lock(connection);
                    insertNewKey(connection, clock.instant());
                  });
              return null;
            });
    reload();
  }

  /** The public halves of every key that still verifies: the JWKS document. */
  public JWKSet publicKeys() {
    Instant now = clock.instant();
    List<JWK> verifying = new ArrayList<>();
    for (LoadedKey loaded : keys.all()) {
      if (loaded.verifiesAt(now)) {
        verifying.add(loaded.key().toPublicJWK());
      }
    }
    return new JWKSet(verifying);
  }

  /** True when a key with this id verifies now, without looking at the database. */
  public boolean knows(String kid) {
    Instant now = clock.instant();
    return kid != null
        && keys.all().stream().anyMatch(k -> k.key().getKeyID().equals(kid) && k.verifiesAt(now));
  }

  /**
   * The verification keys for a JWT processor: the public keys that verify now. A kid it does not
   * know makes it read the table again (at most every few seconds), since another instance may have
   * rotated; this may block on JDBC, so call it off the event loop when {@link #knows} is false.
   */
  public JWKSource<SecurityContext> verificationKeys() {
    return (JWKSelector selector, SecurityContext context) -> {
      List<JWK> found = selector.select(publicKeys());
      if (found.isEmpty() && reloadForUnknownKid()) {
        found = selector.select(publicKeys());
      }
      return found;
    };
  }

  /** The key that signs now (its kid goes into the token header). */
  public ECKey signingKey() {
    return keys.signing();
  }

  private boolean reloadForUnknownKid() {
    Instant now = clock.instant();
    synchronized (this) {
      if (now.isBefore(lastUnknownKidReload.plus(UNKNOWN_KID_RELOAD_INTERVAL_MIN))) {
        return false;
      }
      lastUnknownKidReload = now;
    }
    reload();
    return true;
  }

  private synchronized void reload() {
    List<LoadedKey> loaded =
        jdbc.query(
            "select private_jwk, created_at, verify_until from identity_signing_key order by created_at desc limit ?",
            (ResultSet rs, int row) -> {
              try {
                Timestamp verifyUntil = rs.getTimestamp("verify_until");
                return new LoadedKey(
                    ECKey.parse(rs.getString("private_jwk")),
                    rs.getTimestamp("created_at").toInstant(),
                    verifyUntil == null ? null : verifyUntil.toInstant());
              } catch (ParseException e) {
                throw new IllegalStateException(
                    "a signing key in identity_signing_key is not a valid EC JWK", e);
              }
            },
            KEYS_LOADED_MAX);
    if (loaded.isEmpty()) {
      throw new IllegalStateException("identity_signing_key holds no key");
    }
    // The newest key signs, also before another instance has marked the older ones superseded.
    keys = new Keys(loaded.get(0).key(), List.copyOf(loaded));
  }

  private void insertNewKey(Connection connection, Instant now) throws SQLException {
    ECKey key;
    try {
      key =
          new ECKeyGenerator(Curve.P_256)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.ES256)
              .keyIDFromThumbprint(true)
              .issueTime(Date.from(now))
              .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("could not generate an ES256 key", e);
    }
    // Tokens signed by the superseded keys stay valid until they expire; an instance that has not
    // seen the new key yet may still sign with an old one until its next check.
    Instant verifyUntil = now.plus(settings.keyCheckInterval()).plus(settings.tokenLifetimeMax());
    try (PreparedStatement supersede =
        connection.prepareStatement(
            "update identity_signing_key set verify_until = ? where verify_until is null")) {
      supersede.setTimestamp(1, Timestamp.from(verifyUntil));
      supersede.executeUpdate();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "insert into identity_signing_key"
                + " (kid, algorithm, private_jwk, public_jwk, created_at, verify_until) values (?, ?, ?, ?, ?, null)")) {
      insert.setString(1, key.getKeyID());
      insert.setString(2, JWSAlgorithm.ES256.getName());
      insert.setString(3, key.toJSONString());
      insert.setString(4, key.toPublicJWK().toJSONString());
      insert.setTimestamp(5, Timestamp.from(now));
      insert.executeUpdate();
    }
    log.info(
        "new token signing key {}; the previous keys verify until {}", key.getKeyID(), verifyUntil);
  }

  private static Instant newestCreatedAt(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select max(created_at) from identity_signing_key")) {
      rs.next();
      Timestamp newest = rs.getTimestamp(1);
      return newest == null ? null : newest.toInstant();
    }
  }

  private static void lock(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("select pg_advisory_xact_lock(" + ROTATION_LOCK + ")");
    }
  }

  private interface Work {
    void run() throws SQLException;
  }

  private static void inTransaction(Connection connection, Work work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      work.run();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }
}
