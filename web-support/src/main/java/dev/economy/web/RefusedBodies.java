package dev.economy.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What happens to the body of a refused request. Answering before the client has sent its whole
 * body, then closing the connection, loses the answer to a connection reset in many clients; and a
 * kept-alive connection whose body nobody reads keeps the server's graceful shutdown waiting for
 * it. So a refused body is read to its end and thrown away, within bounds (bytes and time), and the
 * connection stays usable; past a bound the answer closes the connection instead.
 */
final class RefusedBodies {

  /** The exchange attribute that says a refused body was left partly unread. */
  static final String UNREAD_ATTRIBUTE = RefusedBodies.class.getName() + ".unread";

  /** How long a refused body may take to arrive before the connection is closed on it. */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

  private static final String ALREADY_READ = "Only one connection receive subscriber allowed";

  private RefusedBodies() {}

  /** Reading and dropping up to four bodies' worth is cheaper than losing the client's answer. */
  static long drainBytesMax(long bodyBytesMax) {
    return Math.multiplyExact(bodyBytesMax, 4);
  }

  static void markUnread(ServerWebExchange exchange) {
    exchange.getAttributes().put(UNREAD_ATTRIBUTE, Boolean.TRUE);
  }

  static boolean mayHaveBody(ServerHttpRequest request) {
    HttpHeaders headers = request.getHeaders();
    return headers.getContentLength() > 0 || headers.containsKey(HttpHeaders.TRANSFER_ENCODING);
  }

  /**
   * Reads what is left of the request body and drops it. Answers true when the connection must be
   * closed instead: the body is (or was) larger than the bound, or too slow to arrive.
   */
  static Mono<Boolean> drain(ServerWebExchange exchange, long drainBytesMax) {
    ServerHttpRequest request = exchange.getRequest();
    if (Boolean.TRUE.equals(exchange.getAttribute(UNREAD_ATTRIBUTE))) {
      return Mono.just(true);
    }
    if (!mayHaveBody(request)) {
      return Mono.just(false);
    }
    if (request.getHeaders().getContentLength() > drainBytesMax) {
      return Mono.just(true);
    }
    AtomicLong seen = new AtomicLong();
    return request
        .getBody()
        .handle(
            (buffer, sink) -> {
              long total = seen.addAndGet(buffer.readableByteCount());
              DataBufferUtils.release(buffer);
              if (total > drainBytesMax) {
                sink.error(
                    new IllegalStateException(
                        "refused body is larger than " + drainBytesMax + " bytes"));
              }
            })
        .then(Mono.just(false))
        .timeout(DRAIN_TIMEOUT)
        .onErrorResume(failure -> Mono.just(!isAlreadyRead(failure)));
  }

  /**
   * The body was read already, by the codec that refused it (a malformed body, one over the limit):
   * both read to the end before failing.
   */
  private static boolean isAlreadyRead(Throwable failure) {
    return failure instanceof IllegalStateException
        && failure.getMessage() != null
        && failure.getMessage().startsWith(ALREADY_READ);
  }
}
