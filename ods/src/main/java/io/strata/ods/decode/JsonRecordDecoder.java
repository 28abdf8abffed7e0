package io.strata.ods.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * Decodes a JSON object into a row of the declared columns, matching fields by exact column name.
 *
 * <p>Rules, beyond the type conversions described on each column kind:
 *
 * <ul>
 *   <li>The value must be exactly one JSON object; anything after it is rejected.
 *   <li>Fields that are not columns are ignored. A column field appearing twice is rejected (no
 *       silent "last one wins").
 *   <li>A missing or {@code null} field gives null, or a rejection for a NOT NULL column.
 *   <li>Numbers are never rounded into integer or DECIMAL columns; strings holding exact numbers
 *       are accepted.
 *   <li>String columns also accept JSON numbers and booleans, keeping their text exactly as
 *       written.
 *   <li>BINARY/VARBINARY/BYTES columns take base64 strings.
 *   <li>TIMESTAMP takes wall-clock text without an offset or epoch milliseconds read as UTC;
 *       TIMESTAMP_LTZ takes text with {@code Z} or an offset, or epoch milliseconds. Years are
 *       limited to 0000-9999 as in Flink.
 * </ul>
 *
 * <p>Parsing streams over the bytes with Jackson's parser; no tree is built and skipped fields are
 * not materialized.
 */
public final class JsonRecordDecoder implements RecordDecoder {

  private static final long serialVersionUID = 1L;

  private static final Pattern SOURCE_LOCATION =
      Pattern.compile("\\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]");

  private final RowType columns;

  private transient Column[] cols;
  private transient Map<String, Column> byName;
  private transient JsonFactory factory;
  private transient boolean[] seen;
  private transient TemporalParser temporal;

  public JsonRecordDecoder(RowType columns) {
    this.columns = Objects.requireNonNull(columns, "columns");
    init(); // fail on the client, not on the workers, if a column type cannot be decoded
  }

  /** The declared columns. */
  public RowType columns() {
    return columns;
  }

  private void init() {
    Column[] resolved = Column.resolve(columns);
    Map<String, Column> names = new HashMap<>(resolved.length * 2);
    for (Column c : resolved) {
      names.put(c.name, c);
    }
    factory =
        JsonFactory.builder()
            // field names are canonicalized per factory already; interning arbitrary (ignored) keys
            // into the JVM
            // string table would only grow it
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();
    seen = new boolean[resolved.length];
    temporal = new TemporalParser();
    byName = names;
    cols = resolved;
  }

  @Override
  public Row decode(byte[] value) throws DecodeException {
    if (cols == null) {
      init();
    }
    if (value == null) {
      throw new DecodeException("the record has no value (null)");
    }
    Column[] cols = this.cols;
    boolean[] seen = this.seen;
    Arrays.fill(seen, false);
    Row row = new Row(RowKind.INSERT, cols.length);
    // The first problem with a column value; reported only once the whole document proved to be
    // valid JSON, so a
    // broken document is reported as such rather than through whichever field happened to come
    // first.
    String columnProblem = null;
    try (JsonParser p = factory.createParser(value)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw new DecodeException(
            t == null
                ? "the record is empty, expected a JSON object"
                : "expected a JSON object, got " + shown(p, t));
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        Column c = byName.get(p.currentName());
        t = p.nextToken();
        if (c == null) {
          p.skipChildren();
          continue;
        }
        if (seen[c.index]) {
          if (columnProblem == null) {
            columnProblem = "column '" + c.name + "' appears more than once in the record";
          }
          p.skipChildren();
          continue;
        }
        seen[c.index] = true;
        if (t == JsonToken.VALUE_NULL) {
          continue;
        }
        try {
          row.setField(c.index, convert(p, t, c));
        } catch (DecodeException e) {
          if (columnProblem == null) {
            columnProblem = e.getMessage();
          }
          p.skipChildren();
        }
      }
      // Jackson only ends an object's field loop at END_OBJECT (anything else is a parse error).
      t = p.nextToken();
      if (t != null) {
        throw new DecodeException("more content after the end of the JSON object: " + shown(p, t));
      }
    } catch (JsonProcessingException e) {
      throw new DecodeException(jsonProblem(e));
    } catch (IOException e) {
      throw new DecodeException(
          "cannot read the record: " + Values.cut(String.valueOf(e.getMessage()), 160));
    }
    if (columnProblem != null) {
      throw new DecodeException(columnProblem);
    }
    for (Column c : cols) {
      if (!c.nullable && row.getField(c.index) == null) {
        throw c.notNull();
      }
    }
    return row;
  }

  private Object convert(JsonParser p, JsonToken t, Column c) throws IOException, DecodeException {
    switch (c.kind) {
      case STRING:
        if (t == JsonToken.VALUE_STRING
            || t == JsonToken.VALUE_NUMBER_INT
            || t == JsonToken.VALUE_NUMBER_FLOAT
            || t == JsonToken.VALUE_TRUE
            || t == JsonToken.VALUE_FALSE) {
          return Values.string(p.getText(), c);
        }
        throw c.mismatch(shown(p, t), null);
      case BOOLEAN:
        if (t == JsonToken.VALUE_TRUE) {
          return Boolean.TRUE;
        }
        if (t == JsonToken.VALUE_FALSE) {
          return Boolean.FALSE;
        }
        if (t == JsonToken.VALUE_STRING) {
          String s = p.getText();
          if (s.equals("true")) {
            return Boolean.TRUE;
          }
          if (s.equals("false")) {
            return Boolean.FALSE;
          }
        }
        throw c.mismatch(shown(p, t), null);
      case TINYINT:
      case SMALLINT:
      case INT:
      case BIGINT:
        {
          long v = wholeNumber(p, t, c);
          String problem = Values.integralProblem(v, c);
          if (problem != null) {
            throw c.mismatch(shown(p, t), problem);
          }
          return Values.boxIntegral(v, c);
        }
      case FLOAT:
        return floatValue(p, t, c);
      case DOUBLE:
        return doubleValue(p, t, c);
      case DECIMAL:
        return decimalValue(p, t, c);
      case DATE:
        if (t == JsonToken.VALUE_STRING) {
          String s = p.getText();
          if (temporal.parseDate(s)) {
            return LocalDate.of(temporal.year, temporal.month, temporal.day);
          }
        }
        throw c.mismatch(shown(p, t), null);
      case TIME:
        if (t == JsonToken.VALUE_STRING) {
          String s = p.getText();
          if (temporal.parseTime(s)) {
            if (!Values.fitsPrecision(temporal.nano, c)) {
              throw c.mismatch(Values.show(s), Values.fractionProblem(c));
            }
            return LocalTime.of(temporal.hour, temporal.minute, temporal.second, temporal.nano);
          }
        }
        throw c.mismatch(shown(p, t), null);
      case TIMESTAMP:
      case TIMESTAMP_LTZ:
        return timestampValue(p, t, c);
      case BYTES:
        if (t == JsonToken.VALUE_STRING) {
          String s = p.getText();
          byte[] bytes;
          try {
            bytes = Base64.getDecoder().decode(s);
          } catch (IllegalArgumentException e) {
            throw c.mismatch(Values.show(s), "not base64");
          }
          return Values.bytes(bytes, c);
        }
        throw c.mismatch(shown(p, t), "expected a base64 string");
      default:
        throw new IllegalStateException("unhandled column kind " + c.kind);
    }
  }

  /** A whole JSON number (or numeric string) within long range. */
  private static long wholeNumber(JsonParser p, JsonToken t, Column c)
      throws IOException, DecodeException {
    BigDecimal d;
    switch (t) {
      case VALUE_NUMBER_INT:
        if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          return p.getLongValue();
        }
        throw c.mismatch(shown(p, t), "out of range for " + c.typeText);
      case VALUE_NUMBER_FLOAT:
        d = p.getDecimalValue();
        break;
      case VALUE_STRING:
        {
          String s = p.getText();
          long simple = Values.parseSimpleLong(s);
          if (simple != Long.MIN_VALUE) {
            return simple;
          }
          d = Values.parseDecimal(s);
          if (d == null) {
            throw c.mismatch(Values.show(s), null);
          }
          break;
        }
      default:
        throw c.mismatch(shown(p, t), null);
    }
    if (!Values.isWholeLong(d)) {
      throw c.mismatch(shown(p, t), Values.wholeNumberProblem(d, c));
    }
    return d.longValueExact();
  }

  private static Float floatValue(JsonParser p, JsonToken t, Column c)
      throws IOException, DecodeException {
    float f;
    String text;
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      f = p.getFloatValue();
      if (Float.isFinite(f) && f != 0f) {
        return f;
      }
      text = p.getText();
    } else if (t == JsonToken.VALUE_STRING) {
      text = p.getText();
      if (!Values.isNumberText(text)) {
        Double special = Values.parseDoubleText(text); // NaN, Infinity
        if (special == null) {
          throw c.mismatch(Values.show(text), null);
        }
        return special.floatValue();
      }
      f = Float.parseFloat(text);
    } else {
      throw c.mismatch(shown(p, t), null);
    }
    if (Float.isInfinite(f) || (f == 0f && Values.hasNonZeroDigit(text))) {
      throw c.mismatch(shown(p, t), "out of range for FLOAT");
    }
    return f;
  }

  private static Double doubleValue(JsonParser p, JsonToken t, Column c)
      throws IOException, DecodeException {
    double d;
    String text;
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      d = p.getDoubleValue();
      if (Double.isFinite(d) && d != 0d) {
        return d;
      }
      text = p.getText();
    } else if (t == JsonToken.VALUE_STRING) {
      text = p.getText();
      if (!Values.isNumberText(text)) {
        Double special = Values.parseDoubleText(text); // NaN, Infinity
        if (special == null) {
          throw c.mismatch(Values.show(text), null);
        }
        return special;
      }
      d = Double.parseDouble(text);
    } else {
      throw c.mismatch(shown(p, t), null);
    }
    if (Double.isInfinite(d) || (d == 0d && Values.hasNonZeroDigit(text))) {
      throw c.mismatch(shown(p, t), "out of range for DOUBLE");
    }
    return d;
  }

  private static BigDecimal decimalValue(JsonParser p, JsonToken t, Column c)
      throws IOException, DecodeException {
    BigDecimal d;
    switch (t) {
      case VALUE_NUMBER_INT:
        d =
            p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                ? new BigDecimal(p.getBigIntegerValue())
                : BigDecimal.valueOf(p.getLongValue());
        break;
      case VALUE_NUMBER_FLOAT:
        d = p.getDecimalValue(); // exact, parsed from the text
        break;
      case VALUE_STRING:
        d = Values.parseDecimal(p.getText());
        if (d == null) {
          throw c.mismatch(shown(p, t), null);
        }
        break;
      default:
        throw c.mismatch(shown(p, t), null);
    }
    BigDecimal fitted = Values.fitDecimal(d, c.precision, c.scale);
    if (fitted == null) {
      throw c.mismatch(shown(p, t), Values.decimalProblem(d, c));
    }
    return fitted;
  }

  private Object timestampValue(JsonParser p, JsonToken t, Column c)
      throws IOException, DecodeException {
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText();
      TemporalParser tp = temporal;
      if (!tp.parseTimestamp(s)) {
        throw c.mismatch(Values.show(s), null);
      }
      if (c.kind == Column.Kind.TIMESTAMP) {
        if (tp.hasOffset) {
          throw c.mismatch(
              Values.show(s),
              "has a time zone offset, which TIMESTAMP cannot keep; declare the column TIMESTAMP_LTZ("
                  + c.precision
                  + ")");
        }
        if (!Values.fitsPrecision(tp.nano, c)) {
          throw c.mismatch(Values.show(s), Values.fractionProblem(c));
        }
        return LocalDateTime.of(tp.year, tp.month, tp.day, tp.hour, tp.minute, tp.second, tp.nano);
      }
      if (!tp.hasOffset) {
        throw c.mismatch(Values.show(s), "no time zone offset such as Z or +01:00");
      }
      long epochSecond = tp.localEpochSecond() - tp.offsetSeconds;
      String problem = Values.timestampProblem(epochSecond, tp.nano, c);
      if (problem != null) {
        throw c.mismatch(Values.show(s), problem);
      }
      return Values.timestampValue(epochSecond, tp.nano, c);
    }
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      long millis = wholeNumber(p, t, c);
      long second = Math.floorDiv(millis, 1_000L);
      int nano = (int) Math.floorMod(millis, 1_000L) * 1_000_000;
      String problem = Values.timestampProblem(second, nano, c);
      if (problem != null) {
        throw c.mismatch(shown(p, t) + " (epoch milliseconds)", problem);
      }
      return Values.timestampValue(second, nano, c);
    }
    throw c.mismatch(shown(p, t), null);
  }

  /** The current value as shown in a reason. */
  private static String shown(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_STRING:
        return Values.show(p.getText());
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return Values.showText(p.getText());
      case VALUE_TRUE:
        return "true";
      case VALUE_FALSE:
        return "false";
      case VALUE_NULL:
        return "null";
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      default:
        return "a " + t.name().toLowerCase();
    }
  }

  /** Jackson's message: first line, location as line/column, no source excerpt, short. */
  static String jsonProblem(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      message = "unreadable";
    }
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    Matcher m = SOURCE_LOCATION.matcher(message);
    if (m.find()) {
      message = m.replaceAll("[line $1, column $2]");
    }
    StringBuilder sb = new StringBuilder("not valid JSON");
    JsonLocation loc = e.getLocation();
    if (loc != null && loc.getLineNr() > 0) {
      sb.append(" at line ").append(loc.getLineNr()).append(", column ").append(loc.getColumnNr());
    }
    return sb.append(": ").append(Values.cut(message.trim(), 160)).toString();
  }
}
