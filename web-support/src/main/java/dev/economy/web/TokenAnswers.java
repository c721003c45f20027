package dev.economy.web;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * An answer that carries a token or another secret (access and refresh tokens, a one-time link
 * code) is never stored by a cache or a browser: {@code Cache-Control: no-store} and, for HTTP/1.0
 * caches, {@code Pragma: no-cache} (RFC 6749, section 5.1). Every such answer is built here.
 */
public final class TokenAnswers {
  private TokenAnswers() {}

  /** 200, JSON, never stored. */
  public static ResponseEntity.BodyBuilder ok() {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .header(HttpHeaders.PRAGMA, "no-cache")
        .contentType(MediaType.APPLICATION_JSON);
  }

  public static <T> ResponseEntity<T> ok(T body) {
    return ok().body(body);
  }
}
