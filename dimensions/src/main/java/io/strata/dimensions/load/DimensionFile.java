package io.strata.dimensions.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rows of a dimension file as column name to text: CSV with a header line (RFC 4180 quoting) or
 * JSON Lines (one object per line). Each row remembers its line for error messages.
 */
public final class DimensionFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One row and the line it starts on. */
  public record Line(int number, Map<String, String> values) {}

  private DimensionFile() {}

  public static void read(Path file, Consumer<Line> rows) throws IOException {
    String name = file.getFileName().toString().toLowerCase();
    if (name.endsWith(".csv")) {
      readCsv(file, rows);
    } else if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      readJsonLines(file, rows);
    } else {
      throw new IllegalArgumentException(
          file
              + ": unknown file type; use .csv (with a header line) or .jsonl (one JSON object per line)");
    }
  }

  private static void readJsonLines(Path file, Consumer<Line> rows) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalArgumentException(
              file + ":" + n + ": not a JSON object: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
          throw new IllegalArgumentException(file + ":" + n + ": not a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          values.put(
              e.getKey(),
              e.getValue().isNull()
                  ? null
                  : e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
        }
        rows.accept(new Line(n, values));
      }
    }
  }

  private static void readCsv(Path file, Consumer<Line> rows) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<String> header = null;
    int line = 1;
    int pos = 0;
    while (pos < text.length()) {
      int startLine = line;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      boolean wasQuoted = false;
      while (pos < text.length()) {
        char c = text.charAt(pos++);
        if (quoted) {
          if (c == '"') {
            if (pos < text.length() && text.charAt(pos) == '"') {
              field.append('"');
              pos++;
            } else {
              quoted = false;
            }
          } else {
            if (c == '\n') {
              line++;
            }
            field.append(c);
          }
        } else if (c == '"') {
          quoted = true;
          wasQuoted = true;
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
          wasQuoted = false;
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
            pos++;
          }
          line++;
          break;
        } else {
          field.append(c);
        }
      }
      if (quoted) {
        throw new IllegalArgumentException(file + ":" + startLine + ": unterminated quoted field");
      }
      fields.add(wasQuoted || field.length() > 0 ? field.toString() : "");
      if (fields.size() == 1 && fields.get(0).isEmpty()) {
        continue;
      }
      if (header == null) {
        header = fields.stream().map(String::trim).toList();
        continue;
      }
      if (fields.size() != header.size()) {
        throw new IllegalArgumentException(
            file
                + ":"
                + startLine
                + ": "
                + fields.size()
                + " fields, but the header has "
                + header.size());
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        values.put(header.get(i), fields.get(i));
      }
      rows.accept(new Line(startLine, values));
    }
    if (header == null) {
      throw new IllegalArgumentException(
          file + ": empty file; a CSV dimension file starts with a header line naming the columns");
    }
  }
}
