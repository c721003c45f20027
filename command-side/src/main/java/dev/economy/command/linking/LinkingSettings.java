package dev.economy.command.linking;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The settings of the linking flows (application.yml, economy.linking; docs/settings.md).
 *
 * @param codeTtl how long a one-time link code can be redeemed
 * @param codeAttemptsMax wrong codes one redeemer may submit within {@code codeAttemptsWindow}
 * @param codeAttemptsWindow how long wrong attempts are counted (and a locked redeemer waits)
 * @param stateTtl how long a started Discord or Steam flow can be completed
 * @param providerTimeout how long a call to Discord or Steam may take
 */
@ConfigurationProperties("economy.linking")
public record LinkingSettings(
    Duration codeTtl,
    int codeAttemptsMax,
    Duration codeAttemptsWindow,
    Duration stateTtl,
    Duration providerTimeout,
    Discord discord,
    Steam steam) {

  /**
   * Discord OAuth2 (authorization code grant). Empty client id: Discord linking is switched off.
   *
   * @param authorizeUrl where the player's browser is sent to consent
   * @param tokenUrl the token endpoint (form-encoded code exchange, client credentials as Basic
   *     auth)
   * @param apiUrl the API base; {@code GET {apiUrl}/users/@me} names the Discord account
   * @param redirectUri the website page Discord sends the player back to; sent with both requests
   */
  public record Discord(
      String clientId,
      String clientSecret,
      URI authorizeUrl,
      URI tokenUrl,
      URI apiUrl,
      URI redirectUri) {

    boolean configured() {
      return clientId != null
          && !clientId.isBlank()
          && clientSecret != null
          && !clientSecret.isBlank()
          && redirectUri != null
          && !redirectUri.toString().isBlank();
    }
  }

  /**
   * Steam OpenID 2.0.
   *
   * @param endpoint Steam's OP endpoint: the login redirect goes there, check_authentication is
   *     posted there, and an assertion's openid.op_endpoint must equal it
   * @param returnTo the website page Steam sends the player back to (our state is added to it)
   * @param realm the realm shown to the player by Steam; return_to must lie under it
   * @param nonceMaxAge a response_nonce older than this is refused (and seen nonces are kept as
   *     long)
   */
  public record Steam(URI endpoint, URI returnTo, URI realm, Duration nonceMaxAge) {

    public Steam {
      // OpenID 2.0 §9.2: the return URL must lie under the realm, or Steam refuses every sign-in.
      // Checked at start, so that a wrong setting is an error at boot, not a puzzle for players.
      if (present(returnTo)
          && present(realm)
          && !returnTo.toString().startsWith(realm.toString())) {
        throw new IllegalArgumentException(
            "ECONOMY_STEAM_RETURN_TO ("
                + returnTo
                + ") must lie under ECONOMY_STEAM_REALM ("
                + realm
                + ")");
      }
    }

    boolean configured() {
      return present(returnTo) && present(realm);
    }

    private static boolean present(URI uri) {
      return uri != null && !uri.toString().isBlank();
    }
  }
}
