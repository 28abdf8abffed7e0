package io.strata.dorisemulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads src/test/resources/doris-fixtures: '#' lines are the source note, the rest the body. */
final class Fixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  static String text(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/doris-fixtures/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.startsWith("#"))
          .collect(Collectors.joining("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON fixture; the documentation's "// optional" notes are dropped. */
  static JsonNode json(String name) {
    try {
      return JSON.readTree(text(name).replaceAll("//[^\\n\"]*\\n", "\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The connector's response patterns, by name. */
  static Map<String, Pattern> connectorPatterns() {
    Map<String, Pattern> out = new LinkedHashMap<>();
    for (String line : text("connector-parsed-messages.txt").split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split("\t", 2);
      out.put(parts[0], Pattern.compile(parts[1]));
    }
    return out;
  }
}
