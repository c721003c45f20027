package dev.economy.messages.players;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An identity of a player outside this system: a Discord account, a Steam account, a FiveM license
 * or an alt:V social club id. One external identity belongs to at most one player (a lookup table
 * with a unique key enforces it, see the player context on the command side).
 *
 * <p>The constructor accepts anything, so that stored events keep loading if the rules tighten;
 * whoever builds a new one checks it with {@link #of} or {@link #isValid}.
 *
 * @param provider one of {@link #PROVIDERS}
 * @param subject the provider's id of the account, in the form of {@link #subjectPattern}
 */
public record ExternalIdentity(String provider, String subject) {

  /** A Discord user: the subject is its snowflake id (decimal digits). */
  public static final String DISCORD = "discord";

  /** A Steam account: the subject is its SteamID64 (17 decimal digits). */
  public static final String STEAM = "steam";

  /**
   * A FiveM (Cfx.re) license identifier: the subject is the 40 lower-case hex digits after
   * "license:".
   */
  public static final String FIVEM_LICENSE = "fivem-license";

  /** An alt:V player's social club id: the subject is its decimal digits. */
  public static final String ALTV_SOCIAL = "altv-social";

  private static final Map<String, Pattern> SUBJECTS =
      Map.of(
          // Snowflakes are 64-bit: 17 digits since 2015, at most 20.
          DISCORD, Pattern.compile("[0-9]{15,20}"),
          STEAM, Pattern.compile("[0-9]{17}"),
          FIVEM_LICENSE, Pattern.compile("[0-9a-f]{40}"),
          ALTV_SOCIAL, Pattern.compile("[0-9]{1,20}"));

  /** Every provider name this system knows. */
  public static final Set<String> PROVIDERS = SUBJECTS.keySet();

  /** The longest subject of any provider: the lookup table's column fits it. */
  public static final int SUBJECT_LENGTH_MAX = 40;

  /** The pattern a subject of {@code provider} must match, empty for an unknown provider. */
  public static Optional<Pattern> subjectPattern(String provider) {
    return provider == null ? Optional.empty() : Optional.ofNullable(SUBJECTS.get(provider));
  }

  /** What is wrong with this identity, in a client's words; empty when it is valid. */
  public static Optional<String> problem(String provider, String subject) {
    if (provider == null) {
      return Optional.of("provider is missing");
    }
    Optional<Pattern> pattern = subjectPattern(provider);
    if (pattern.isEmpty()) {
      return Optional.of(
          "provider must be one of " + String.join(", ", PROVIDERS.stream().sorted().toList()));
    }
    if (subject == null) {
      return Optional.of("subject is missing");
    }
    if (!pattern.get().matcher(subject).matches()) {
      return Optional.of("subject is not a valid " + provider + " id");
    }
    return Optional.empty();
  }

  /** A checked identity; throws IllegalArgumentException when provider or subject is invalid. */
  public static ExternalIdentity of(String provider, String subject) {
    problem(provider, subject)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    return new ExternalIdentity(provider, subject);
  }

  public static ExternalIdentity discord(String userId) {
    return of(DISCORD, userId);
  }

  public static ExternalIdentity steam(String steamId64) {
    return of(STEAM, steamId64);
  }

  public boolean isValid() {
    return problem(provider, subject).isEmpty();
  }
}
