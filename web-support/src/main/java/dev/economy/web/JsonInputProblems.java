package dev.economy.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Says in a client's words what is wrong with a JSON body: which field, and what was expected.
 * Jackson's own messages name our Java classes; these name only the JSON.
 */
public final class JsonInputProblems {
  private JsonInputProblems() {}

  public static String describe(Throwable failure) {
    JsonMappingException outermostMapping = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (outermostMapping == null && t instanceof JsonMappingException mapping) {
        outermostMapping = mapping;
      }
      if (t instanceof InputCoercionException) {
        String field = outermostMapping == null ? "" : path(outermostMapping.getPath());
        return (field.isEmpty() ? "a number" : "field '" + field + "'")
            + " is out of range: amounts are whole numbers of minor units of at most 9223372036854775807";
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TextRules.MalformedTextException malformed) {
        String field = path(malformed.getPath());
        // Never the value: in a login it may be the password.
        return (field.isEmpty() ? "a string" : "field '" + field + "'")
            + " holds a control character or an unpaired UTF-16 surrogate";
      }
      if (t instanceof UnrecognizedPropertyException unknown) {
        return "unknown field '" + path(unknown.getPath()) + "'";
      }
      if (t instanceof MismatchedInputException mismatch) {
        String field = path(mismatch.getPath());
        String expected = expected(mismatch.getTargetType());
        return field.isEmpty()
            ? "the body must be " + expected
            : "field '" + field + "' must be " + expected;
      }
      if (t instanceof JsonParseException malformed) {
        return "malformed JSON: " + malformed.getOriginalMessage();
      }
      if (t instanceof JsonMappingException mapping) {
        return "field '" + path(mapping.getPath()) + "' is invalid";
      }
      if (t.getMessage() != null && t.getMessage().startsWith("No request body")) {
        return "the request body is missing";
      }
    }
    return "the request body could not be read as JSON";
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
      return "a whole number (not a string, not a fraction)";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (type.isRecord()) {
      return "a JSON object";
    }
    return "of another type";
  }

  private static String path(List<JsonMappingException.Reference> path) {
    return path.stream()
        .map(
            reference ->
                reference.getFieldName() != null
                    ? reference.getFieldName()
                    : "[" + reference.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }
}
