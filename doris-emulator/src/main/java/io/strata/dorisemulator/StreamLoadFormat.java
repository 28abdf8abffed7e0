package io.strata.dorisemulator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * How one stream load's body is read, from its headers, and the rows it yields for a table: {@code
 * format} csv (default) / csv_with_names / json, {@code columns}, {@code column_separator}, {@code
 * line_delimiter}, {@code read_json_by_line}, {@code strip_outer_array}, {@code strict_mode},
 * {@code max_filter_ratio}, {@code merge_type} APPEND/DELETE, and {@code __DORIS_DELETE_SIGN__} in
 * {@code columns} or {@code hidden_columns}. Headers the emulator cannot honour fail the load with
 * the reason instead of being ignored.
 */
public final class StreamLoadFormat {
  static final String DELETE_SIGN = "__DORIS_DELETE_SIGN__";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final Set<String> UNSUPPORTED =
      Set.of(
          "where",
          "partitions",
          "jsonpaths",
          "json_root",
          "group_commit",
          "partial_columns",
          "function_column.sequence_col",
          "delete",
          "enclose",
          "escape",
          "trim_double_quotes",
          "skip_lines");

  /** The load cannot run at all (Status "Fail"). */
  public static final class LoadFailed extends Exception {
    public LoadFailed(String message) {
      super(message);
    }
  }

  /** The rows of a body: accepted ones in load order, and a reason per filtered one. */
  public record Rows(List<LoadedRow> accepted, List<String> filtered, long total) {}

  private final DorisTable table;
  private final String format;
  private final List<String> columns;
  private final String columnSeparator;
  private final String lineDelimiter;
  private final boolean jsonByLine;
  private final boolean stripOuterArray;
  private final boolean strict;
  private final boolean deleteAll;
  private final double maxFilterRatio;
  private final boolean gzip;

  public StreamLoadFormat(DorisTable table, Function<String, String> header) throws LoadFailed {
    this.table = table;
    for (String h : UNSUPPORTED) {
      String v = header.apply(h);
      if (v != null
          && !(h.equals("group_commit") && v.equalsIgnoreCase("off_mode"))
          && !(h.equals("partial_columns") && v.equalsIgnoreCase("false"))) {
        throw new LoadFailed(
            "the Doris emulator does not support the stream load header '" + h + "'");
      }
    }
    String mode = header.apply("unique_key_update_mode");
    if (mode != null && !mode.equalsIgnoreCase("UPSERT")) {
      throw new LoadFailed("the Doris emulator supports unique_key_update_mode UPSERT only");
    }
    this.format = orDefault(header.apply("format"), "csv").toLowerCase(Locale.ROOT);
    if (!List.of("csv", "csv_with_names", "json").contains(format)) {
      throw new LoadFailed(
          "the Doris emulator reads format csv, csv_with_names and json, not " + format);
    }
    this.columnSeparator = unescape(orDefault(header.apply("column_separator"), "\t"));
    this.lineDelimiter = unescape(orDefault(header.apply("line_delimiter"), "\n"));
    this.jsonByLine = "true".equalsIgnoreCase(header.apply("read_json_by_line"));
    this.stripOuterArray = "true".equalsIgnoreCase(header.apply("strip_outer_array"));
    this.strict = "true".equalsIgnoreCase(header.apply("strict_mode"));
    this.gzip = "gz".equalsIgnoreCase(header.apply("compress_type"));
    String ratio = header.apply("max_filter_ratio");
    try {
      this.maxFilterRatio = ratio == null ? 0.0 : Double.parseDouble(ratio);
    } catch (NumberFormatException e) {
      throw new LoadFailed("max_filter_ratio must be a number between 0 and 1, got " + ratio);
    }
    String merge = orDefault(header.apply("merge_type"), "APPEND").toUpperCase(Locale.ROOT);
    if (merge.equals("MERGE")) {
      throw new LoadFailed(
          "the Doris emulator does not support merge_type MERGE (it needs a delete condition)");
    }
    if (!merge.equals("APPEND") && !merge.equals("DELETE")) {
      throw new LoadFailed("merge_type must be APPEND, DELETE or MERGE, got " + merge);
    }
    this.deleteAll = merge.equals("DELETE");

    List<String> listed = new ArrayList<>();
    String cols = header.apply("columns");
    if (cols != null && !cols.isBlank()) {
      for (String c : cols.split(",")) {
        String name = c.trim();
        if (name.contains("=")) {
          throw new LoadFailed(
              "the Doris emulator does not support column mappings in 'columns' (" + name + ")");
        }
        name = name.replace("`", "");
        if (!name.equalsIgnoreCase(DELETE_SIGN) && table.column(name) == null) {
          throw new LoadFailed(
              "errCode = 7, detailMessage = Unknown column '"
                  + name
                  + "' in '"
                  + table.name()
                  + "'");
        }
        listed.add(name);
      }
    } else {
      table.columns().forEach(c -> listed.add(c.name()));
      String hidden = header.apply("hidden_columns");
      if (hidden != null && hidden.contains(DELETE_SIGN)) {
        listed.add(DELETE_SIGN);
      }
    }
    for (DorisColumn c : table.columns()) {
      if (!c.nullable() && listed.stream().noneMatch(l -> l.equalsIgnoreCase(c.name()))) {
        throw new LoadFailed(
            "errCode = 2, detailMessage = Column has no default value. column: " + c.name());
      }
    }
    this.columns = List.copyOf(listed);
  }

  public double maxFilterRatio() {
    return maxFilterRatio;
  }

  /** Reads the body into rows of the table. */
  public Rows read(byte[] body) throws LoadFailed {
    if (gzip && body.length > 0) {
      try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
        body = in.readAllBytes();
      } catch (IOException e) {
        throw new LoadFailed(
            "compress_type gz: the body is not gzip data (" + e.getMessage() + ")");
      }
    }
    String text = new String(body, StandardCharsets.UTF_8);
    List<Map<String, String>> records = new ArrayList<>();
    List<String> filtered = new ArrayList<>();
    long total = 0;
    if (format.equals("json")) {
      List<String> docs = jsonByLine ? split(text) : (text.isBlank() ? List.of() : List.of(text));
      for (String doc : docs) {
        JsonNode node;
        try {
          node = JSON.readTree(doc);
        } catch (IOException e) {
          total++;
          filtered.add(
              "Reason: Parse json data failed. code: 28, error info: "
                  + e.getMessage().lines().findFirst().orElse("")
                  + ". src line ["
                  + abbreviate(doc)
                  + "]");
          continue;
        }
        if (node.isArray()) {
          if (!stripOuterArray) {
            throw new LoadFailed(
                "[DATA_QUALITY_ERROR]JSON data is array-object, `strip_outer_array` must be TRUE.");
          }
          for (JsonNode element : node) {
            total++;
            addJson(element, records, filtered);
          }
        } else {
          if (stripOuterArray) {
            throw new LoadFailed(
                "[DATA_QUALITY_ERROR]JSON data is not an array-object, `strip_outer_array` must be FALSE.");
          }
          total++;
          addJson(node, records, filtered);
        }
      }
    } else {
      List<String> lines = split(text);
      int skip = format.equals("csv_with_names") ? 1 : 0;
      for (int i = skip; i < lines.size(); i++) {
        String line = lines.get(i);
        total++;
        String[] fields = line.split(java.util.regex.Pattern.quote(columnSeparator), -1);
        if (fields.length != columns.size()) {
          filtered.add(
              "Reason: actual column number in csv file is "
                  + (fields.length < columns.size() ? "less" : "more")
                  + " than schema column number.actual number: "
                  + fields.length
                  + ", schema column number: "
                  + columns.size()
                  + "; line delimiter: ["
                  + printable(lineDelimiter)
                  + "], column separator: ["
                  + printable(columnSeparator)
                  + "], src line: ["
                  + abbreviate(line)
                  + "];");
          continue;
        }
        Map<String, String> r = new HashMap<>();
        for (int c = 0; c < fields.length; c++) {
          r.put(
              columns.get(c).toLowerCase(Locale.ROOT), "\\N".equals(fields[c]) ? null : fields[c]);
        }
        records.add(r);
      }
    }
    List<LoadedRow> accepted = new ArrayList<>();
    for (Map<String, String> r : records) {
      convert(r, accepted, filtered);
    }
    return new Rows(accepted, filtered, total);
  }

  private void addJson(JsonNode node, List<Map<String, String>> records, List<String> filtered) {
    if (!node.isObject()) {
      filtered.add(
          "Reason: Expect json object value. src line [" + abbreviate(node.toString()) + "]");
      return;
    }
    Map<String, String> r = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode v = f.getValue();
      String value =
          v == null || v.isNull()
              ? null
              : v.isValueNode()
                  ? (v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText())
                  : v.toString();
      r.put(f.getKey().toLowerCase(Locale.ROOT), value);
    }
    // Keys absent from the object are NULL; keys not in 'columns' are ignored, as Doris does.
    Map<String, String> selected = new HashMap<>();
    for (String c : columns) {
      selected.put(c.toLowerCase(Locale.ROOT), r.get(c.toLowerCase(Locale.ROOT)));
    }
    records.add(selected);
  }

  private void convert(
      Map<String, String> record, List<LoadedRow> accepted, List<String> filtered) {
    List<DorisColumn> cols = table.columns();
    Object[] values = new Object[cols.size()];
    for (int i = 0; i < cols.size(); i++) {
      DorisColumn c = cols.get(i);
      String raw = record.get(c.name().toLowerCase(Locale.ROOT));
      Object v;
      try {
        v = c.type().convert(c.name(), raw);
      } catch (DorisType.Rejected e) {
        filtered.add(
            "Reason: " + e.getMessage() + " src line [" + abbreviate(record.toString()) + "];");
        return;
      } catch (DorisType.Unconvertible e) {
        if (strict) {
          filtered.add(
              "Reason: column("
                  + c.name()
                  + ") values is null while columns is not nullable or the value cannot be converted in strict mode: "
                  + e.getMessage()
                  + ". src line ["
                  + abbreviate(record.toString())
                  + "];");
          return;
        }
        v = null;
      }
      if (v == null && (!c.nullable() || table.isKey(c.name()))) {
        filtered.add(
            "Reason: null value for not null column, column="
                + c.name()
                + ". src line ["
                + abbreviate(record.toString())
                + "];");
        return;
      }
      values[i] = v;
    }
    String sign = record.get(DELETE_SIGN.toLowerCase(Locale.ROOT));
    boolean delete =
        deleteAll || "1".equals(sign == null ? null : sign.trim()) || "true".equalsIgnoreCase(sign);
    accepted.add(new LoadedRow(values, delete));
  }

  private List<String> split(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf(lineDelimiter, start);
      if (end < 0) {
        end = text.length();
      }
      String line = text.substring(start, end);
      if (line.endsWith("\r") && lineDelimiter.equals("\n")) {
        line = line.substring(0, line.length() - 1);
      }
      if (!line.isEmpty()) {
        out.add(line);
      }
      start = end + lineDelimiter.length();
    }
    return out;
  }

  /** Doris accepts separators written as {@code \x01} (hex) and {@code \t}, {@code \n}. */
  static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(i + 1);
        if ((n == 'x' || n == 'X') && i + 3 < s.length()) {
          b.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
          i += 3;
          continue;
        }
        if (n == 't') {
          b.append('\t');
          i++;
          continue;
        }
        if (n == 'n') {
          b.append('\n');
          i++;
          continue;
        }
      }
      b.append(c);
    }
    return b.toString();
  }

  private static String printable(String s) {
    return s.replace("\t", "\\t").replace("\n", "\\n");
  }

  private static String orDefault(String v, String d) {
    return v == null || v.isEmpty() ? d : v;
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
