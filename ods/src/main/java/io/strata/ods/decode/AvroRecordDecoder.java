package io.strata.ods.decode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * Decodes one Avro binary datum (plain encoding: no container file, no Confluent or single-object
 * header) written with a known writer schema, which must be a record, into a row of the declared
 * columns. Fields are matched by exact name; fields that are not columns are skipped.
 *
 * <p>What each column type can be read from (anything else is an {@link #incompatibilities
 * incompatibility}):
 *
 * <ul>
 *   <li>CHAR/VARCHAR/STRING: string (including uuid), enum (its symbol)
 *   <li>BOOLEAN: boolean
 *   <li>TINYINT, SMALLINT, INT, BIGINT: int, long (range checked per record)
 *   <li>FLOAT: float; DOUBLE: float, double, int
 *   <li>DECIMAL: decimal on bytes or fixed, int, long (rescaled per record only when exact)
 *   <li>DATE: date; TIME: time-millis, time-micros
 *   <li>TIMESTAMP: local-timestamp-millis/micros, timestamp-millis/micros (as UTC), plain long
 *       (epoch milliseconds, as UTC)
 *   <li>TIMESTAMP_LTZ: timestamp-millis/micros, plain long (epoch milliseconds)
 *   <li>BINARY/VARBINARY/BYTES: bytes, fixed
 * </ul>
 *
 * <p>A union with null makes a field nullable; unions of several types work if every non-null
 * branch fits the column. A nullable field may feed a NOT NULL column: a null value rejects that
 * record.
 *
 * <p>Reading walks the writer schema over the record's bytes directly (see {@link
 * AvroBinaryReader}) instead of building a GenericRecord: skipped fields are never materialized and
 * lengths are checked before anything is allocated.
 */
public final class AvroRecordDecoder implements RecordDecoder {

  private static final long serialVersionUID = 1L;

  private final String schemaJson;
  private final RowType columns;

  private transient Plan plan;

  /**
   * @throws IllegalArgumentException if the schema is not valid Avro, or cannot feed the columns
   *     (see {@link #incompatibilities})
   */
  public AvroRecordDecoder(String avroSchemaJson, RowType columns) {
    this.schemaJson = Objects.requireNonNull(avroSchemaJson, "avroSchemaJson");
    this.columns = Objects.requireNonNull(columns, "columns");
    this.plan = compile(); // fail on the client, not on the workers
  }

  /** The declared columns. */
  public RowType columns() {
    return columns;
  }

  /** The writer schema, as given. */
  public String schemaJson() {
    return schemaJson;
  }

  /**
   * Problems that make the Avro schema unable to feed the declared columns (missing field,
   * incompatible type), one readable sentence each; empty when compatible. Used by config
   * validation before any job starts.
   */
  public static List<String> incompatibilities(Schema schema, RowType columns) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(columns, "columns");
    List<String> problems = new ArrayList<>();
    build(schema, columns, problems);
    return problems;
  }

  /**
   * Parses an Avro schema, turning Avro's parse error into an IllegalArgumentException with a
   * readable message.
   */
  public static Schema parseSchema(String avroSchemaJson) {
    try {
      return new Schema.Parser().parse(avroSchemaJson);
    } catch (SchemaParseException | NullPointerException e) {
      throw new IllegalArgumentException(
          "invalid Avro schema: " + Values.cut(String.valueOf(e.getMessage()), 300), e);
    }
  }

  private Plan compile() {
    Schema schema = parseSchema(schemaJson);
    List<String> problems = new ArrayList<>();
    Plan p = build(schema, columns, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Avro schema "
              + schema.getFullName()
              + " cannot feed the columns: "
              + String.join("; ", problems));
    }
    return p;
  }

  @Override
  public Row decode(byte[] value) throws DecodeException {
    Plan plan = this.plan;
    if (plan == null) {
      plan = this.plan = compile();
    }
    if (value == null) {
      throw new DecodeException("the record has no value (null)");
    }
    AvroBinaryReader in = plan.reader;
    in.reset(value);
    Row row = new Row(RowKind.INSERT, plan.arity);
    // The first problem with a column value; reported only if the whole datum turns out to be
    // well-formed, so a
    // corrupt record is reported as corrupt rather than through whatever value its garbage happened
    // to produce.
    String columnProblem = null;
    Step[] steps = plan.steps;
    int i = 0;
    try {
      for (; i < steps.length; i++) {
        Step step = steps[i];
        Column c = step.column;
        if (c == null) {
          in.skip(step.schema, 0);
          continue;
        }
        Op op =
            step.single != null
                ? step.single
                : step.branches[in.readIndex(step.branches.length, step.schema)];
        if (op.source == Source.NULL) {
          if (!c.nullable && columnProblem == null) {
            columnProblem = c.notNullReason();
          }
          continue;
        }
        try {
          row.setField(c.index, read(in, op, c));
        } catch (DecodeException e) {
          if (columnProblem == null) {
            columnProblem = e.getMessage();
          }
        }
      }
    } catch (AvroBinaryReader.Corrupt e) {
      throw new DecodeException(
          plan.corruptPrefix + "field '" + steps[i].name + "': " + e.getMessage());
    }
    if (in.remaining() > 0) {
      throw new DecodeException(
          plan.corruptPrefix
              + in.remaining()
              + " unexpected bytes after the end of the record (it ends at byte "
              + in.position()
              + " of "
              + value.length
              + ")");
    }
    if (columnProblem != null) {
      throw new DecodeException(columnProblem);
    }
    return row;
  }

  private static Object read(AvroBinaryReader in, Op op, Column c) throws DecodeException {
    switch (op.source) {
      case BOOLEAN:
        return in.readBoolean() ? Boolean.TRUE : Boolean.FALSE;
      case INT:
        return Values.integral(in.readInt(), c);
      case LONG:
        {
          long v = in.readLong();
          return c.kind == Column.Kind.TIMESTAMP || c.kind == Column.Kind.TIMESTAMP_LTZ
              ? Values.fromEpochMillis(v, c)
              : Values.integral(v, c);
        }
      case LONG_OTHER_LOGICAL:
        return Values.integral(in.readLong(), c);
      case FLOAT:
        {
          float f = in.readFloat();
          return c.kind == Column.Kind.FLOAT ? (Object) f : (Object) (double) f;
        }
      case DOUBLE:
        return in.readDouble();
      case STRING:
        {
          String s = in.readUtf8();
          if (s == null) {
            throw new DecodeException(
                "column '" + c.name + "': the Avro string is not valid UTF-8");
          }
          return Values.string(s, c);
        }
      case ENUM:
        return Values.string(op.symbols[in.readIndex(op.symbols.length, op.schema)], c);
      case BYTES:
        return Values.bytes(in.readBytes(), c);
      case FIXED:
        return Values.bytes(in.readFixed(op.size), c);
      case DECIMAL_BYTES:
        return Values.decimal(in.readDecimal(in.readLength(), op.scale), c);
      case DECIMAL_FIXED:
        return Values.decimal(in.readDecimal(op.size, op.scale), c);
      case DATE:
        return Values.fromEpochDay(in.readInt(), c);
      case TIME_MILLIS:
        {
          int ms = in.readInt();
          return Values.fromNanoOfDay(ms * 1_000_000L, ms, "milliseconds of the day", c);
        }
      case TIME_MICROS:
        {
          long us = in.readLong();
          long nanos = us < 0 || us >= Values.NANOS_PER_DAY / 1_000L ? -1L : us * 1_000L;
          return Values.fromNanoOfDay(nanos, us, "microseconds of the day", c);
        }
      case TIMESTAMP_MILLIS:
      case LOCAL_TIMESTAMP_MILLIS:
        return Values.fromEpochMillis(in.readLong(), c);
      case TIMESTAMP_MICROS:
      case LOCAL_TIMESTAMP_MICROS:
        return Values.fromEpochMicros(in.readLong(), c);
      default:
        throw new IllegalStateException("unhandled Avro source " + op.source);
    }
  }

  // ---------------------------------------------------------------- plan

  /** How an Avro (non-union) schema is encoded and interpreted. */
  enum Source {
    NULL,
    BOOLEAN,
    INT,
    LONG,
    /**
     * A long with a logical type this decoder does not interpret (e.g. timestamp-nanos): only read
     * as a number.
     */
    LONG_OTHER_LOGICAL,
    FLOAT,
    DOUBLE,
    STRING,
    ENUM,
    BYTES,
    FIXED,
    DECIMAL_BYTES,
    DECIMAL_FIXED,
    DATE,
    TIME_MILLIS,
    TIME_MICROS,
    TIMESTAMP_MILLIS,
    TIMESTAMP_MICROS,
    LOCAL_TIMESTAMP_MILLIS,
    LOCAL_TIMESTAMP_MICROS,
    /** record, array, map: never a column. */
    COMPLEX
  }

  /** Reading one non-union Avro schema into one column. */
  static final class Op {
    final Source source;
    final Schema schema;
    final int size;
    final int scale;
    final String[] symbols;

    Op(Source source, Schema schema) {
      this.source = source;
      this.schema = schema;
      this.size = schema.getType() == Schema.Type.FIXED ? schema.getFixedSize() : 0;
      this.scale =
          schema.getLogicalType() instanceof LogicalTypes.Decimal
              ? ((LogicalTypes.Decimal) schema.getLogicalType()).getScale()
              : 0;
      this.symbols =
          schema.getType() == Schema.Type.ENUM
              ? schema.getEnumSymbols().toArray(new String[0])
              : null;
    }
  }

  /** One field of the writer schema, in order: skipped (column == null) or read into a column. */
  static final class Step {
    final String name;
    final Schema schema;
    final Column column;

    /** The op when the field is not a union. */
    final Op single;

    /** Per union branch, when the field is a union. */
    final Op[] branches;

    Step(String name, Schema schema, Column column, Op single, Op[] branches) {
      this.name = name;
      this.schema = schema;
      this.column = column;
      this.single = single;
      this.branches = branches;
    }
  }

  static final class Plan {
    final Step[] steps;
    final int arity;
    final String corruptPrefix;
    final AvroBinaryReader reader = new AvroBinaryReader();

    Plan(Step[] steps, int arity, String schemaName) {
      this.steps = steps;
      this.arity = arity;
      this.corruptPrefix = "not a valid Avro record for schema " + schemaName + ": ";
    }
  }

  /**
   * The reading plan; problems are added to {@code problems} (the plan is only usable if there are
   * none).
   */
  private static Plan build(Schema schema, RowType rowType, List<String> problems) {
    Column[] cols = Column.resolve(rowType, problems);
    if (schema.getType() != Schema.Type.RECORD) {
      problems.add("the Avro schema must be a record, but it is " + describe(schema));
      return null;
    }
    Map<String, Column> byName = new HashMap<>();
    for (Column c : cols) {
      if (c != null) {
        byName.put(c.name, c);
      }
    }
    Set<String> matched = new HashSet<>();
    List<Schema.Field> fields = schema.getFields();
    Step[] steps = new Step[fields.size()];
    for (int i = 0; i < steps.length; i++) {
      Schema.Field f = fields.get(i);
      Schema fs = f.schema();
      Column c = byName.get(f.name());
      if (c == null) {
        steps[i] = new Step(f.name(), fs, null, null, null);
        continue;
      }
      matched.add(c.name);
      if (fs.getType() == Schema.Type.UNION) {
        List<Schema> types = fs.getTypes();
        Op[] branches = new Op[types.size()];
        boolean anyValue = false;
        for (int b = 0; b < branches.length; b++) {
          Schema bs = types.get(b);
          Source src = classify(bs);
          if (src != Source.NULL) {
            anyValue = true;
            String why = incompatibility(src, c);
            if (why != null) {
              problems.add(
                  "column '"
                      + c.name
                      + "' "
                      + c.declaredText
                      + " cannot be read from Avro type "
                      + describe(bs)
                      + " in "
                      + describe(fs)
                      + why);
            }
          }
          branches[b] = new Op(src, bs);
        }
        if (!anyValue) {
          problems.add(
              "column '"
                  + c.name
                  + "' "
                  + c.declaredText
                  + " cannot be read from Avro type "
                  + describe(fs));
        }
        steps[i] = new Step(f.name(), fs, c, null, branches);
      } else {
        Source src = classify(fs);
        String why = src == Source.NULL ? "" : incompatibility(src, c);
        if (why != null) {
          problems.add(
              "column '"
                  + c.name
                  + "' "
                  + c.declaredText
                  + " cannot be read from Avro type "
                  + describe(fs)
                  + why);
        }
        steps[i] = new Step(f.name(), fs, c, new Op(src, fs), null);
      }
    }
    for (Column c : cols) {
      if (c != null && !matched.contains(c.name)) {
        problems.add(
            "column '"
                + c.name
                + "' "
                + c.declaredText
                + " has no field in Avro schema "
                + schema.getFullName());
      }
    }
    return new Plan(steps, cols.length, schema.getFullName());
  }

  static Source classify(Schema s) {
    LogicalType logical = s.getLogicalType();
    String name = logical != null ? logical.getName() : null;
    switch (s.getType()) {
      case NULL:
        return Source.NULL;
      case BOOLEAN:
        return Source.BOOLEAN;
      case INT:
        if ("date".equals(name)) {
          return Source.DATE;
        }
        if ("time-millis".equals(name)) {
          return Source.TIME_MILLIS;
        }
        return Source.INT;
      case LONG:
        if (name != null) {
          switch (name) {
            case "time-micros":
              return Source.TIME_MICROS;
            case "timestamp-millis":
              return Source.TIMESTAMP_MILLIS;
            case "timestamp-micros":
              return Source.TIMESTAMP_MICROS;
            case "local-timestamp-millis":
              return Source.LOCAL_TIMESTAMP_MILLIS;
            case "local-timestamp-micros":
              return Source.LOCAL_TIMESTAMP_MICROS;
            default:
              return Source.LONG_OTHER_LOGICAL;
          }
        }
        // a logicalType this Avro version does not know (e.g. timestamp-nanos) is not a plain long
        // either
        return s.getProp("logicalType") != null ? Source.LONG_OTHER_LOGICAL : Source.LONG;
      case FLOAT:
        return Source.FLOAT;
      case DOUBLE:
        return Source.DOUBLE;
      case STRING:
        return Source.STRING;
      case ENUM:
        return Source.ENUM;
      case BYTES:
        return logical instanceof LogicalTypes.Decimal ? Source.DECIMAL_BYTES : Source.BYTES;
      case FIXED:
        return logical instanceof LogicalTypes.Decimal ? Source.DECIMAL_FIXED : Source.FIXED;
      default:
        return Source.COMPLEX;
    }
  }

  /**
   * Null if the column can be read from the source, else "" or a hint (starting with a space) to
   * append.
   */
  static String incompatibility(Source src, Column c) {
    boolean ok;
    switch (c.kind) {
      case STRING:
        ok = src == Source.STRING || src == Source.ENUM;
        break;
      case BOOLEAN:
        ok = src == Source.BOOLEAN;
        break;
      case TINYINT:
      case SMALLINT:
      case INT:
      case BIGINT:
        ok = src == Source.INT || src == Source.LONG || src == Source.LONG_OTHER_LOGICAL;
        break;
      case FLOAT:
        ok = src == Source.FLOAT;
        break;
      case DOUBLE:
        ok = src == Source.FLOAT || src == Source.DOUBLE || src == Source.INT;
        break;
      case DECIMAL:
        ok =
            src == Source.DECIMAL_BYTES
                || src == Source.DECIMAL_FIXED
                || src == Source.INT
                || src == Source.LONG
                || src == Source.LONG_OTHER_LOGICAL;
        break;
      case DATE:
        ok = src == Source.DATE;
        break;
      case TIME:
        ok = src == Source.TIME_MILLIS || src == Source.TIME_MICROS;
        break;
      case TIMESTAMP:
        ok =
            src == Source.TIMESTAMP_MILLIS
                || src == Source.TIMESTAMP_MICROS
                || src == Source.LOCAL_TIMESTAMP_MILLIS
                || src == Source.LOCAL_TIMESTAMP_MICROS
                || src == Source.LONG;
        break;
      case TIMESTAMP_LTZ:
        ok = src == Source.TIMESTAMP_MILLIS || src == Source.TIMESTAMP_MICROS || src == Source.LONG;
        if (src == Source.LOCAL_TIMESTAMP_MILLIS || src == Source.LOCAL_TIMESTAMP_MICROS) {
          return " (it has no time zone; declare the column TIMESTAMP("
              + c.precision
              + ") instead)";
        }
        break;
      case BYTES:
        ok = src == Source.BYTES || src == Source.FIXED;
        break;
      default:
        ok = false;
    }
    return ok ? null : "";
  }

  /**
   * An Avro schema as shown in problems: {@code string}, {@code decimal(10, 2)}, {@code union
   * [null, long]}.
   */
  static String describe(Schema s) {
    switch (s.getType()) {
      case RECORD:
        return "record " + s.getFullName();
      case ENUM:
        return "enum " + s.getFullName();
      case ARRAY:
        return "array<" + describe(s.getElementType()) + ">";
      case MAP:
        return "map<string, " + describe(s.getValueType()) + ">";
      case UNION:
        {
          StringBuilder sb = new StringBuilder("union [");
          List<Schema> types = s.getTypes();
          for (int i = 0; i < types.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(describe(types.get(i)));
          }
          return sb.append(']').toString();
        }
      default:
        LogicalType logical = s.getLogicalType();
        String base =
            s.getType() == Schema.Type.FIXED ? "fixed(" + s.getFixedSize() + ")" : s.getName();
        if (logical instanceof LogicalTypes.Decimal) {
          LogicalTypes.Decimal d = (LogicalTypes.Decimal) logical;
          return "decimal(" + d.getPrecision() + ", " + d.getScale() + ") on " + base;
        }
        if (logical != null) {
          return logical.getName();
        }
        String raw = s.getProp("logicalType");
        return raw != null ? base + " (logical type " + raw + ")" : base;
    }
  }
}
