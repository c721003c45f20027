package dev.economy.command.players;

import dev.economy.messages.players.PlayerRules;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id (spring-security-crypto, on BouncyCastle), OWASP's first choice for password storage,
 * with its recommended minimum by default: 19 MiB of memory, 2 iterations, 1 lane, a 16-byte salt
 * and a 32-byte hash. Unlike bcrypt it has no 72-byte input limit, so a long passphrase is never
 * silently cut. The parameters are in each encoded hash, so raising them later keeps old hashes
 * verifying.
 *
 * <p>Slow on purpose (tens of milliseconds): call it from a worker thread, never an event loop.
 */
@Component
public class PasswordHasher {

  private final Argon2PasswordEncoder encoder;

  /** What an unknown user's password is checked against, so that "no such user" takes as long. */
  private final String decoyHash;

  PasswordHasher(
      @Value("${economy.password.argon2-memory-kib:19456}") int memoryKib,
      @Value("${economy.password.argon2-iterations:2}") int iterations) {
    if (memoryKib < 8 * 1024 || memoryKib > 1024 * 1024) {
      throw new IllegalArgumentException(
          "economy.password.argon2-memory-kib must be 8192..1048576, is " + memoryKib);
    }
    if (iterations < 1 || iterations > 10) {
      throw new IllegalArgumentException(
          "economy.password.argon2-iterations must be 1..10, is " + iterations);
    }
    this.encoder = new Argon2PasswordEncoder(16, 32, 1, memoryKib, iterations);
    this.decoyHash = encoder.encode(UUID.randomUUID().toString());
  }

  /** The encoded hash of a password that passed the policy (its length is bounded). */
  public String hash(String password) {
    checkLength(password);
    return encoder.encode(password);
  }

  public boolean matches(String password, String encodedHash) {
    if (password == null
        || password.length() > PlayerRules.PASSWORD_LENGTH_MAX
        || encodedHash == null) {
      return false;
    }
    return encoder.matches(password, encodedHash);
  }

  /** Spends the time of a real check and answers false: the login of a name nobody has. */
  public boolean matchesNobody(String password) {
    encoder.matches(
        password == null
            ? ""
            : password.substring(0, Math.min(password.length(), PlayerRules.PASSWORD_LENGTH_MAX)),
        decoyHash);
    return false;
  }

  private static void checkLength(String password) {
    // Bounds the hashing work; the HTTP layer answers this earlier, with a validation problem.
    if (password == null || password.length() > PlayerRules.PASSWORD_LENGTH_MAX) {
      throw new IllegalArgumentException(
          "password is missing or longer than " + PlayerRules.PASSWORD_LENGTH_MAX);
    }
  }
}
