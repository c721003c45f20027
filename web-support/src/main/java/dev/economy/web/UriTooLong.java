package dev.economy.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.NettyPipeline;

/**
 * A request line longer than the server takes (server.netty.max-initial-line-length, 4 KB by
 * default) is answered with problem+json, 414 uri_too_long, like every other refusal. Netty's
 * decoder refuses such a line before Spring sees the request, and Reactor Netty would answer a bare
 * 414 without a body (and nothing at all to a request pipelined behind another).
 *
 * <p>So a channel handler right after the HTTP codec turns the decoder's failure into an ordinary
 * request for {@link #PATH}, which this filter answers; it goes through Reactor Netty's own
 * handling, pipelining included. The connection is closed after the answer: the decoder skips the
 * rest of what the client sent.
 */
@Configuration(proxyBeanMethods = false)
class UriTooLong {

  /** The request a too-long request line becomes. Anyone may ask for it: it only answers 414. */
  static final String PATH = "/__economy/uri-too-long";

  @Bean
  NettyServerCustomizer uriTooLongCustomizer() {
    return server ->
        server.doOnChannelInit(
            (observer, channel, remoteAddress) -> {
              if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel
                    .pipeline()
                    .addAfter(NettyPipeline.HttpCodec, "economy.uriTooLong", new Rewriter());
              }
            });
  }

  @Bean
  WebFilter uriTooLongFilter(
      @Value("${server.netty.max-initial-line-length:4KB}") DataSize maxInitialLineLength) {
    return new Answer(maxInitialLineLength.toBytes());
  }

  /** Turns a request whose first line was too long into a request for {@link #PATH}. */
  private static final class Rewriter extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
      if (message instanceof HttpRequest request
          && request.decoderResult().isFailure()
          && request.decoderResult().cause() instanceof TooLongFrameException tooLong
          && isRequestLine(tooLong)) {
        ReferenceCountUtil.release(message);
        FullHttpRequest replacement =
            new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, PATH);
        replacement.headers().set(HttpHeaderNames.HOST, "localhost");
        replacement.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        replacement.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        context.fireChannelRead(replacement);
        return;
      }
      context.fireChannelRead(message);
    }

    /** Netty's TooLongHttpLineException; its header counterpart is a 431 and stays Netty's. */
    private static boolean isRequestLine(TooLongFrameException tooLong) {
      return tooLong.getClass().getSimpleName().equals("TooLongHttpLineException")
          || (tooLong.getMessage() != null && tooLong.getMessage().contains("initial line"));
    }
  }

  /** Answers {@link #PATH}: 414 uri_too_long, and the connection closes. */
  @Order(Ordered.HIGHEST_PRECEDENCE)
  private static final class Answer implements WebFilter {
    private final long maxBytes;

    Answer(long maxBytes) {
      this.maxBytes = maxBytes;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
      if (!PATH.equals(exchange.getRequest().getPath().value())) {
        return chain.filter(exchange);
      }
      exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
      return Mono.error(
          Problems.refusal(
              HttpStatus.URI_TOO_LONG,
              ProblemCodes.URI_TOO_LONG,
              "the request line (method, path and query) is longer than " + maxBytes + " bytes"));
    }
  }
}
