package dev.economy.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.Jackson2JsonDecoder;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Request bodies are read strictly: an amount sent as "100" or 100.0, an unknown field, a duplicate
 * key or trailing garbage is refused, never guessed at. A sender that gets its types wrong has a
 * bug that moving money must not paper over.
 *
 * <p>Only the server's HTTP decoder gets this: it reads with a copy of the application's
 * ObjectMapper. Axon's Jackson serializer keeps its tolerant mapper (old events must still load
 * after a field is added), and so do WebClients calling other services.
 */
@Configuration(proxyBeanMethods = false)
@Order(Ordered.LOWEST_PRECEDENCE)
class StrictJsonConfiguration implements WebFluxConfigurer {

  private final ObjectMapper strictObjectMapper;
  private final int bodyBytesMax;

  StrictJsonConfiguration(
      ObjectMapper objectMapper,
      @Value("${economy.http.body-bytes-max:1MB}") DataSize bodyBytesMax) {
    this.strictObjectMapper = strictCopyOf(objectMapper);
    this.bodyBytesMax = Math.toIntExact(bodyBytesMax.toBytes());
  }

  @Override
  public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
    // Runs after Spring Boot's configurer (LOWEST_PRECEDENCE), so this decoder replaces Boot's.
    Jackson2JsonDecoder decoder = new Jackson2JsonDecoder(strictObjectMapper);
    // The codecs buffer a JSON body whole: let them hold as much as the body limit allows.
    decoder.setMaxInMemorySize(bodyBytesMax);
    configurer.defaultCodecs().jackson2JsonDecoder(decoder);
    configurer.defaultCodecs().maxInMemorySize(bodyBytesMax);
  }

  static ObjectMapper strictCopyOf(ObjectMapper base) {
    ObjectMapper strict = base.copy();
    strict.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    strict.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    strict.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
    strict.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    strict.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    strict.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    strict.disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    strict.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    // No control characters, no unpaired surrogates, in any string of any body (see TextRules).
    strict.registerModule(TextRules.module());
    for (LogicalType type :
        new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      strict
          .coercionConfigFor(type)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    strict
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    strict
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return strict;
  }
}
