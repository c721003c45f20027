package dev.economy.web;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A limit on every request body (economy.http.body-bytes-max), on every route. A declared
 * Content-Length over the limit is refused before anything is read. A body without one (chunked) is
 * counted as it arrives: whoever reads it never sees more than the limit, and instead of its end
 * gets the codecs' "too large" error (413 payload_too_large).
 *
 * <p>A refused body is still read to its end and thrown away, up to {@link
 * RefusedBodies#drainBytesMax}: answering while the client is still sending, then closing, makes
 * many clients (Reactor Netty's among them) lose the answer to a connection reset. Past that bound
 * the rest is left unread and the answer closes the connection.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimitWebFilter implements WebFilter {

  private final long bodyBytesMax;
  private final long drainBytesMax;

  RequestBodyLimitWebFilter(@Value("${economy.http.body-bytes-max:1MB}") DataSize bodyBytesMax) {
    this.bodyBytesMax = bodyBytesMax.toBytes();
    this.drainBytesMax = RefusedBodies.drainBytesMax(this.bodyBytesMax);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    if (request.getHeaders().getContentLength() > bodyBytesMax) {
      // Nothing read yet: the exception handler drains or closes, by the declared length.
      return Mono.error(tooLarge());
    }
    ServerHttpRequest counted =
        new ServerHttpRequestDecorator(request) {
          @Override
          public Flux<DataBuffer> getBody() {
            return Flux.defer(
                () -> {
                  AtomicLong seen = new AtomicLong();
                  return super.getBody()
                      .<DataBuffer>handle(
                          (buffer, sink) -> {
                            long total = seen.addAndGet(buffer.readableByteCount());
                            if (total <= bodyBytesMax) {
                              sink.next(buffer);
                              return;
                            }
                            DataBufferUtils.release(buffer);
                            if (total > drainBytesMax) {
                              RefusedBodies.markUnread(exchange);
                              sink.error(limitExceeded());
                            }
                            // Between the limit and the drain bound: swallow, so the client may
                            // finish sending.
                          })
                      .concatWith(
                          Mono.defer(
                              () ->
                                  seen.get() > bodyBytesMax
                                      ? Mono.error(limitExceeded())
                                      : Mono.empty()));
                });
          }
        };
    return chain.filter(exchange.mutate().request(counted).build());
  }

  /** The codecs turn this into Spring's PayloadTooLargeException (413), as they do their own. */
  private DataBufferLimitException limitExceeded() {
    return new DataBufferLimitException("request body is larger than " + bodyBytesMax + " bytes");
  }

  private ErrorResponseException tooLarge() {
    return Problems.refusal(
        HttpStatus.PAYLOAD_TOO_LARGE,
        ProblemCodes.PAYLOAD_TOO_LARGE,
        "the request body is larger than " + bodyBytesMax + " bytes");
  }
}
