package dev.economy.web.token;

import java.util.Objects;
import java.util.Set;

/**
 * Who sent a request, as resolved by the one caller seam of the HTTP layer (a WebFilter in the app)
 * and stored as the exchange attribute {@link #ATTRIBUTE}. Controllers read identity only from
 * here, never from headers, so that replacing how the caller is resolved (JWT verification in the
 * identity issue) changes one class.
 *
 * @param actorId who acts: recorded on every command as its actor, and the scope of idempotency
 *     keys
 * @param roles what the caller may do ({@link Roles}); empty for an anonymous caller
 * @param playerId the player this caller is (a player's token), or null when it is no player
 */
public record Caller(String actorId, Set<String> roles, String playerId) {

  /** The exchange attribute under which the caller seam stores the caller. */
  public static final String ATTRIBUTE = "dev.economy.web.token.Caller";

  /**
   * The exchange attribute under which the caller seam stores when the caller's credentials expire
   * (a {@code java.time.Instant}; absent for an anonymous caller): what outlives a request, such as
   * a live stream, ends by then, so that an expired token is not a way to go on reading.
   */
  public static final String EXPIRES_AT_ATTRIBUTE = "dev.economy.web.token.Caller.expiresAt";

  /** The actor of a request that did not say who it is. */
  public static final String ANONYMOUS_ACTOR_ID = "anonymous";

  public Caller {
    Objects.requireNonNull(actorId, "actorId");
    roles = Set.copyOf(roles);
  }

  public Caller(String actorId, Set<String> roles) {
    this(actorId, roles, null);
  }

  /** True when this caller is the given player (a player's own token), never for other roles. */
  public boolean isPlayer(String playerId) {
    return this.playerId != null && this.playerId.equals(playerId);
  }

  public boolean isAnonymous() {
    return roles.isEmpty() && ANONYMOUS_ACTOR_ID.equals(actorId);
  }

  public static Caller anonymous() {
    return new Caller(ANONYMOUS_ACTOR_ID, Set.of());
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
