package dev.economy.command.players.web;

import dev.economy.web.token.SigningKeys;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public keys that verify access tokens (RFC 7517 JWK Set), for anyone who verifies them
 * elsewhere. Public: it holds no secret. Cached only briefly: a verifier that meets a kid it does
 * not know yet (a key just rotated in) fetches this again.
 */
@RestController
class JwksController {

  static final MediaType JWK_SET = MediaType.parseMediaType("application/jwk-set+json");

  private final SigningKeys keys;

  JwksController(SigningKeys keys) {
    this.keys = keys;
  }

  @GetMapping(path = "/.well-known/jwks.json")
  ResponseEntity<Map<String, Object>> jwks() {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(Duration.ofSeconds(60)).cachePublic())
        .contentType(JWK_SET)
        .body(keys.publicKeys().toJSONObject(true));
  }
}
