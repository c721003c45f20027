package dev.economy.app.web;

import dev.economy.messages.problem.ProblemCodes;
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
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A limit on every request body (economy.http.body-bytes-max). A declared Content-Length over the
 * limit is refused before anything is read; a chunked body is counted as it arrives and fails as
 * soon as it passes the limit, so no body of unknown length is ever held in memory whole. Both end
 * as 413 payload_too_large (the exception handler closes the connection, as the rest of such a
 * body is never read).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimitWebFilter implements WebFilter {

  private final long bodyBytesMax;

  RequestBodyLimitWebFilter(@Value("${economy.http.body-bytes-max:1MB}") DataSize bodyBytesMax) {
    this.bodyBytesMax = bodyBytesMax.toBytes();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    long declared = request.getHeaders().getContentLength();
    if (declared > bodyBytesMax) {
      return Mono.error(tooLarge());
    }
    ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
      @Override
      public Flux<DataBuffer> getBody() {
        return Flux.defer(() -> {
          AtomicLong seen = new AtomicLong();
          return super.getBody().handle((buffer, sink) -> {
            if (seen.addAndGet(buffer.readableByteCount()) > bodyBytesMax) {
              DataBufferUtils.release(buffer);
              // The codecs turn this into Spring's PayloadTooLargeException (413).
              sink.error(new DataBufferLimitException("request body is larger than " + bodyBytesMax + " bytes"));
            } else {
              sink.next(buffer);
            }
          });
        });
      }
    };
    return chain.filter(exchange.mutate().request(counted).build());
  }

  private org.springframework.web.ErrorResponseException tooLarge() {
    return Problems.exception(HttpStatus.PAYLOAD_TOO_LARGE, ProblemCodes.PAYLOAD_TOO_LARGE,
        "the request body is larger than " + bodyBytesMax + " bytes");
  }
}
