package dev.economy.command.linking.web;

import dev.economy.command.linking.DiscordOAuth;
import dev.economy.command.linking.IdentityLinks;
import dev.economy.command.linking.LinkingProblems;
import dev.economy.command.linking.LinkingSettings;
import dev.economy.command.linking.OneTimeSecrets;
import dev.economy.command.linking.OneTimeSecrets.Grant;
import dev.economy.command.linking.OneTimeSecrets.Redemption;
import dev.economy.command.linking.SteamOpenId;
import dev.economy.command.linking.web.LinkingRequests.DiscordCallbackRequest;
import dev.economy.command.linking.web.LinkingRequests.GameLinkCodeRequest;
import dev.economy.command.linking.web.LinkingRequests.IdentityRequest;
import dev.economy.command.linking.web.LinkingRequests.RedeemLinkCodeRequest;
import dev.economy.messages.players.ExternalIdentity;
import dev.economy.messages.players.LinkIdentityCommand;
import dev.economy.web.ProblemCodes;
import dev.economy.web.TokenAnswers;
import dev.economy.web.token.Caller;
import dev.economy.web.token.Roles;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Linking platform identities to players: one-time codes between website and game (both ways),
 * Discord OAuth2, Steam OpenID 2.0, unlinking, and the game server's login of a linked player.
 */
@RestController
@RequestMapping("/api/v1")
class LinkingController {

  /**
   * Identities a game server can vouch for in game (what FiveM and alt:V tell it about a player).
   */
  static final Set<String> GAME_PROVIDERS =
      Set.of(
          ExternalIdentity.FIVEM_LICENSE, ExternalIdentity.ALTV_SOCIAL, ExternalIdentity.DISCORD);

  private static final Pattern CODE =
      Pattern.compile("[" + OneTimeSecrets.CODE_ALPHABET + "]{" + OneTimeSecrets.CODE_LENGTH + "}");
  private static final Pattern STATE = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final int OAUTH_CODE_LENGTH_MAX = 512;
  private static final int OPENID_PARAMS_MAX = 32;
  private static final int OPENID_VALUE_LENGTH_MAX = 2048;
  static final String CODE_FOR_GAME = "player";
  static final String CODE_FOR_WEBSITE = "game";

  private final LinkingSettings settings;
  private final OneTimeSecrets secrets;
  private final IdentityLinks links;
  private final DiscordOAuth discord;
  private final SteamOpenId steam;
  private final Clock clock = Clock.systemUTC();

  LinkingController(
      LinkingSettings settings,
      OneTimeSecrets secrets,
      IdentityLinks links,
      DiscordOAuth discord,
      SteamOpenId steam) {
    this.settings = settings;
    this.secrets = secrets;
    this.links = links;
    this.discord = discord;
    this.steam = steam;
  }

  /**
   * A new one-time code. A player gets a code to enter in game; a game server, for the in-game
   * identity in the body, gets a code for the player to enter on the website.
   */
  @PostMapping("/link-codes")
  Mono<ResponseEntity<Map<String, Object>>> issueCode(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @RequestBody(required = false) GameLinkCodeRequest request) {
    Instant expiresAt = clock.instant().plus(settings.codeTtl());
    Mono<String> code;
    if (caller.hasRole(Roles.GAME_SERVER)) {
      if (request == null) {
        return Mono.error(
            LinkingProblems.validation("the body {provider, subject} names the in-game identity"));
      }
      ExternalIdentity identity = identity(request.provider(), request.subject(), GAME_PROVIDERS);
      code =
          secrets.issueCode(
              CODE_FOR_WEBSITE,
              new Grant(owner(identity), null, identity.provider(), identity.subject()),
              settings.codeTtl());
    } else {
      String playerId = player(caller);
      if (request != null) {
        return Mono.error(LinkingProblems.validation("a player's code request has no body"));
      }
      code =
          secrets.issueCode(
              CODE_FOR_GAME,
              new Grant("player:" + playerId, playerId, null, null),
              settings.codeTtl());
    }
    return code.map(
            issued -> {
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("code", issued);
              body.put("expiresAt", expiresAt.toString());
              // The code is a secret until redeemed: never stored, like a token.
              return TokenAnswers.ok(body);
            })
        .onErrorMap(DataAccessException.class, LinkingController::storeDown);
  }

  /**
   * Redeems a code: a game server with the in-game identity (a code a player got on the website),
   * or a player (a code a game server got for an in-game identity). Either way the identity is
   * linked to the player.
   */
  @PostMapping(path = "/link-codes/redeem", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<Map<String, Object>> redeemCode(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @RequestBody RedeemLinkCodeRequest request) {
    if (caller.hasRole(Roles.GAME_SERVER)) {
      String code = code(request.code());
      ExternalIdentity identity = identity(request.provider(), request.subject(), GAME_PROVIDERS);
      // Wrong codes count against the in-game identity typing them, not against the game server,
      // so that one player guessing cannot lock out everybody on that server.
      return redeem(CODE_FOR_GAME, code, owner(identity))
          .flatMap(grant -> link(grant.playerId(), identity, LinkIdentityCommand.VIA_GAME_CODE));
    }
    String playerId = player(caller);
    String code = code(request.code());
    if (request.provider() != null || request.subject() != null) {
      return Mono.error(
          LinkingProblems.validation(
              "a player redeems with the code alone: the code names the identity"));
    }
    return redeem(CODE_FOR_WEBSITE, code, "player:" + playerId)
        .flatMap(
            grant ->
                link(
                    playerId,
                    new ExternalIdentity(grant.provider(), grant.subject()),
                    LinkIdentityCommand.VIA_GAME_CODE));
  }

  /** Starts Discord linking: the URL to send the player's browser to. */
  @PostMapping("/links/discord/start")
  Mono<Map<String, Object>> startDiscord(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    String playerId = player(caller);
    if (!discord.configured()) {
      return Mono.error(notConfigured("Discord"));
    }
    Instant expiresAt = clock.instant().plus(settings.stateTtl());
    return secrets
        .issueState(
            "discord", new Grant("player:" + playerId, playerId, null, null), settings.stateTtl())
        .map(state -> started(discord.authorizeUrl(state).toString(), expiresAt))
        .onErrorMap(DataAccessException.class, LinkingController::storeDown);
  }

  /**
   * Completes Discord linking with the code and state Discord's redirect brought to the website.
   */
  @PostMapping(path = "/links/discord/callback", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<Map<String, Object>> completeDiscord(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @RequestBody DiscordCallbackRequest request) {
    String playerId = player(caller);
    if (!discord.configured()) {
      return Mono.error(notConfigured("Discord"));
    }
    if (request.code() == null
        || request.code().isEmpty()
        || request.code().length() > OAUTH_CODE_LENGTH_MAX) {
      return Mono.error(
          LinkingProblems.validation("code must be the code Discord's redirect brought"));
    }
    String state = state(request.state());
    return ownState("discord", state, playerId)
        .then(Mono.defer(() -> discord.accountOf(request.code())))
        .flatMap(
            accountId ->
                link(
                    playerId,
                    ExternalIdentity.discord(accountId),
                    LinkIdentityCommand.VIA_DISCORD_OAUTH));
  }

  /** Starts Steam linking: the URL of Steam's sign-in page for this flow. */
  @PostMapping("/links/steam/start")
  Mono<Map<String, Object>> startSteam(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    String playerId = player(caller);
    if (!steam.configured()) {
      return Mono.error(notConfigured("Steam"));
    }
    Instant expiresAt = clock.instant().plus(settings.stateTtl());
    return secrets
        .issueState(
            "steam", new Grant("player:" + playerId, playerId, null, null), settings.stateTtl())
        .map(state -> started(steam.loginUrl(steam.returnTo(state)).toString(), expiresAt))
        .onErrorMap(DataAccessException.class, LinkingController::storeDown);
  }

  /**
   * Completes Steam linking: the body is the query parameters of the return URL Steam sent the
   * player's browser to (our {@code state} and the {@code openid.*} assertion), as a JSON object.
   */
  @PostMapping(path = "/links/steam/callback", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<Map<String, Object>> completeSteam(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @RequestBody Map<String, String> params) {
    String playerId = player(caller);
    if (!steam.configured()) {
      return Mono.error(notConfigured("Steam"));
    }
    if (params.size() > OPENID_PARAMS_MAX) {
      return Mono.error(LinkingProblems.validation("at most " + OPENID_PARAMS_MAX + " parameters"));
    }
    for (Map.Entry<String, String> param : params.entrySet()) {
      if (!param.getKey().equals("state") && !param.getKey().startsWith("openid.")) {
        return Mono.error(
            LinkingProblems.validation(
                "unknown parameter '"
                    + param.getKey()
                    + "': only state and openid.* belong to Steam's return URL"));
      }
      if (param.getValue() == null || param.getValue().length() > OPENID_VALUE_LENGTH_MAX) {
        return Mono.error(
            LinkingProblems.validation(
                param.getKey()
                    + " must be a string of at most "
                    + OPENID_VALUE_LENGTH_MAX
                    + " characters"));
      }
    }
    String state = state(params.get("state"));
    return ownState("steam", state, playerId)
        .then(Mono.defer(() -> steam.verify(params, steam.returnTo(state))))
        .onErrorMap(DataAccessException.class, LinkingController::storeDown)
        .flatMap(
            steamId ->
                link(
                    playerId,
                    ExternalIdentity.steam(steamId),
                    LinkIdentityCommand.VIA_STEAM_OPENID));
  }

  /** The owning player unlinks one of their identities. */
  @PostMapping(
      path = "/players/{playerId}/identities/unlink",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<Map<String, Object>> unlink(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable String playerId,
      @RequestBody IdentityRequest request) {
    String own = player(caller);
    if (!own.equals(playerId)) {
      return Mono.error(LinkingProblems.forbidden("a player unlinks only their own identities"));
    }
    ExternalIdentity identity =
        identity(request.provider(), request.subject(), ExternalIdentity.PROVIDERS);
    return links.unlink(playerId, identity).thenReturn(linked(playerId, identity, false));
  }

  private Mono<Grant> redeem(String kind, String code, String redeemer) {
    return secrets
        .redeemCode(kind, code, redeemer, settings.codeAttemptsMax(), settings.codeAttemptsWindow())
        .onErrorMap(DataAccessException.class, LinkingController::storeDown)
        .flatMap(
            redemption -> {
              if (redemption instanceof Redemption.Redeemed redeemed) {
                return Mono.just(redeemed.grant());
              }
              if (redemption instanceof Redemption.Locked locked) {
                return Mono.error(LinkingProblems.tooManyAttempts(locked.retryAfter()));
              }
              return Mono.error(
                  LinkingProblems.of(
                      HttpStatus.BAD_REQUEST,
                      LinkingProblems.LINK_CODE_INVALID,
                      "this link code is unknown, expired or already used"));
            });
  }

  /** The state must exist (once) and belong to this player's flow. */
  private Mono<Void> ownState(String provider, String state, String playerId) {
    return secrets
        .consumeState(provider, state)
        .onErrorMap(DataAccessException.class, LinkingController::storeDown)
        .flatMap(
            grant ->
                grant.isPresent() && playerId.equals(grant.get().playerId())
                    ? Mono.<Void>empty()
                    : Mono.error(LinkingProblems.stateInvalid()));
  }

  private Mono<Map<String, Object>> link(
      String playerId, ExternalIdentity identity, String linkedVia) {
    return links.link(playerId, identity, linkedVia).thenReturn(linked(playerId, identity, true));
  }

  private static Map<String, Object> linked(
      String playerId, ExternalIdentity identity, boolean linked) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("playerId", playerId);
    body.put("provider", identity.provider());
    body.put("subject", identity.subject());
    body.put("linked", linked);
    return body;
  }

  private static Map<String, Object> started(String authorizeUrl, Instant expiresAt) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("authorizeUrl", authorizeUrl);
    body.put("expiresAt", expiresAt.toString());
    return body;
  }

  /** The player this caller is; only a player's own token links to a player. */
  static String player(Caller caller) {
    if (caller.playerId() != null && caller.hasRole(Roles.PLAYER)) {
      return caller.playerId();
    }
    throw caller.isAnonymous()
        ? LinkingProblems.unauthenticated()
        : LinkingProblems.forbidden("only a player's own token links identities to that player");
  }

  /** A checked identity of one of the allowed providers. */
  static ExternalIdentity identity(String provider, String subject, Set<String> allowed) {
    if (provider != null
        && ExternalIdentity.PROVIDERS.contains(provider)
        && !allowed.contains(provider)) {
      throw LinkingProblems.validation(
          "provider must be one of "
              + allowed.stream().sorted().toList()
              + " here ("
              + provider
              + " links through its own flow)");
    }
    ExternalIdentity.problem(provider, subject)
        .ifPresent(
            problem -> {
              throw LinkingProblems.validation(problem);
            });
    return new ExternalIdentity(provider, subject);
  }

  /** Who owns a code or the attempts against codes: one in-game identity. */
  private static String owner(ExternalIdentity identity) {
    return "identity:" + identity.provider() + ":" + identity.subject();
  }

  /** Codes are typed by people: case, blanks and dashes do not matter. */
  private static String code(String code) {
    String normalized = code == null ? "" : code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    if (!CODE.matcher(normalized).matches()) {
      throw LinkingProblems.validation(
          "code must be the " + OneTimeSecrets.CODE_LENGTH + "-character link code");
    }
    return normalized;
  }

  private static String state(String state) {
    if (state == null || !STATE.matcher(state).matches()) {
      throw LinkingProblems.stateInvalid();
    }
    return state;
  }

  private static ErrorResponseException notConfigured(String provider) {
    return LinkingProblems.of(
        HttpStatus.SERVICE_UNAVAILABLE,
        LinkingProblems.PROVIDER_NOT_CONFIGURED,
        provider + " linking is switched off on this server (its settings are empty)");
  }

  static ErrorResponseException storeDown(Throwable failure) {
    ErrorResponseException down =
        LinkingProblems.of(
            HttpStatus.SERVICE_UNAVAILABLE,
            ProblemCodes.UNAVAILABLE,
            "linking needs Redis, which does not answer; retry shortly");
    down.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
    return down;
  }
}
