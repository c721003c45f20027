package dev.economy.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * What text the backend takes in: no control characters (U+0000 to U+001F, U+007F to U+009F) and no
 * unpaired UTF-16 surrogates. Valid JSON can carry both (the escapes of NUL and of a lone high
 * surrogate, backslash-u 0000 and backslash-u d800), but PostgreSQL text cannot hold NUL, a lone
 * surrogate cannot be encoded as UTF-8 (it would become a silent {@code ?}, or fail deep inside a
 * password hash), and either would stop a projection for everyone. So they are refused at the door,
 * in the strict JSON decoder (see {@link StrictJsonConfiguration}): every string of every request
 * body, whatever its field (passwords, names, e-mails, memos, keys, reasons, codes, subjects), is
 * checked once, before any controller.
 */
public final class TextRules {
  private TextRules() {}

  /** The index of the first character that is not allowed, or -1 when the text is well formed. */
  public static int firstMalformed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return i;
      }
      if (Character.isLowSurrogate(c) || Character.isISOControl(c)) {
        return i;
      }
    }
    return -1;
  }

  public static boolean isWellFormed(String text) {
    return text == null || firstMalformed(text) < 0;
  }

  /** A string of a request body that holds a control character or an unpaired surrogate. */
  public static final class MalformedTextException extends JsonMappingException {
    MalformedTextException(JsonParser parser) {
      super(parser, "text holds a control character or an unpaired UTF-16 surrogate");
    }
  }

  /** The strict decoder's strings: Jackson's own, then checked. */
  static SimpleModule module() {
    SimpleModule module = new SimpleModule("economy-text-rules");
    module.addDeserializer(String.class, new WellFormedStringDeserializer());
    return module;
  }

  private static final class WellFormedStringDeserializer extends StdScalarDeserializer<String> {
    WellFormedStringDeserializer() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String text = StringDeserializer.instance.deserialize(parser, context);
      if (text != null && firstMalformed(text) >= 0) {
        throw new MalformedTextException(parser);
      }
      return text;
    }
  }
}
