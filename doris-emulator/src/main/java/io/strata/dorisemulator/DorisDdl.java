package io.strata.dorisemulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the subset of Doris SQL that Strata sends: {@code CREATE DATABASE [IF NOT EXISTS]}, {@code
 * CREATE TABLE [IF NOT EXISTS] ... UNIQUE KEY(...) [COMMENT ...] [AUTO PARTITION BY RANGE
 * (date_trunc(col, 'day')) ()] DISTRIBUTED BY HASH(...) BUCKETS n PROPERTIES (...)}, {@code DROP
 * TABLE [IF EXISTS]}, the temporary-partition statements {@code ALTER TABLE t ADD TEMPORARY
 * PARTITION tp VALUES [("lo"), ("hi"))}, {@code ALTER TABLE t DROP TEMPORARY PARTITION [IF EXISTS]
 * tp}, {@code ALTER TABLE t REPLACE PARTITION (p) WITH TEMPORARY PARTITION (tp) [PROPERTIES
 * (...)]}, the formal {@code ALTER TABLE t ADD PARTITION [IF NOT EXISTS] p VALUES [("lo"),
 * ("hi"))}, and two reads: {@code SHOW [TEMPORARY] PARTITIONS FROM t} and {@code SELECT cols FROM t
 * [TEMPORARY PARTITION (tp)] [WHERE c >= 'lo' AND c < 'hi'] [ORDER BY cols]}. Anything else is
 * refused with the reason, never silently ignored.
 */
public final class DorisDdl {

  /** A parsed statement. */
  public sealed interface Statement
      permits CreateDatabase,
          CreateTable,
          DropTable,
          AddPartition,
          AddTemporaryPartition,
          DropTemporaryPartition,
          ReplacePartition,
          ShowPartitions,
          Select {}

  public record CreateDatabase(String database, boolean ifNotExists) implements Statement {}

  public record CreateTable(DorisTable table, boolean ifNotExists) implements Statement {}

  public record DropTable(String database, String table, boolean ifExists) implements Statement {}

  public record AddTemporaryPartition(String database, String table, TemporaryPartition partition)
      implements Statement {}

  /**
   * {@code ADD PARTITION [IF NOT EXISTS] p VALUES [("lo"), ("hi"))}: a formal partition, made by
   * hand.
   */
  public record AddPartition(
      String database, String table, FormalPartition partition, boolean ifNotExists)
      implements Statement {}

  /** {@code SHOW [TEMPORARY] PARTITIONS FROM t}: answered as a result set. */
  public record ShowPartitions(String database, String table, boolean temporary)
      implements Statement {}

  public record DropTemporaryPartition(
      String database, String table, String partition, boolean ifExists) implements Statement {}

  /**
   * {@code REPLACE PARTITION (p) WITH TEMPORARY PARTITION (tp)}: one partition each, strict range.
   */
  public record ReplacePartition(
      String database, String table, String partition, String temporaryPartition)
      implements Statement {}

  /**
   * A read of one table or temporary partition, optionally restricted to {@code lower <= column <
   * upper}; {@code columns} empty means {@code *}.
   */
  public record Select(
      String database,
      String table,
      List<String> columns,
      String temporaryPartition,
      String column,
      String lower,
      String upper,
      List<String> orderBy)
      implements Statement {}

  /** The statement cannot be run by the emulator; the message says why. */
  public static final class Unsupported extends RuntimeException {
    public Unsupported(String message) {
      super(message);
    }
  }

  private final List<String> tokens;
  private final String text;
  private final String defaultDatabase;
  private int pos;

  private DorisDdl(String text, String defaultDatabase) {
    this.text = text;
    this.tokens = tokenize(text);
    this.defaultDatabase = defaultDatabase;
  }

  public static Statement parse(String statement, String defaultDatabase) {
    return new DorisDdl(statement.trim(), defaultDatabase).statement();
  }

  private Statement statement() {
    if (accept("CREATE")) {
      if (accept("DATABASE") || accept("SCHEMA")) {
        boolean ine = ifNotExists();
        String db = identifier();
        end();
        return new CreateDatabase(db, ine);
      }
      if (accept("EXTERNAL") || accept("TEMPORARY")) {
        throw new Unsupported("the emulator creates only OLAP tables");
      }
      expect("TABLE");
      boolean ine = ifNotExists();
      return new CreateTable(createTable(), ine);
    }
    if (accept("DROP")) {
      expect("TABLE");
      boolean ifExists = ifExists();
      String[] name = qualifiedName();
      accept("FORCE");
      end();
      return new DropTable(name[0], name[1], ifExists);
    }
    if (accept("ALTER")) {
      expect("TABLE");
      return alterTable();
    }
    if (accept("SELECT")) {
      return select();
    }
    if (accept("SHOW")) {
      boolean temporary = accept("TEMPORARY");
      if (!accept("PARTITIONS")) {
        throw new Unsupported(
            "the emulator's SHOW is SHOW [TEMPORARY] PARTITIONS FROM t only; got: "
                + abbreviate(text));
      }
      if (!accept("FROM")) {
        expect("IN");
      }
      String[] name = qualifiedName();
      end();
      return new ShowPartitions(name[0], name[1], temporary);
    }
    throw new Unsupported(
        "the Doris emulator runs only CREATE DATABASE, CREATE TABLE, DROP TABLE, ALTER TABLE ... ADD PARTITION,"
            + " ADD/DROP/REPLACE with TEMPORARY PARTITION, SHOW [TEMPORARY] PARTITIONS and SELECT of one table; got: "
            + abbreviate(text));
  }

  private Statement alterTable() {
    String[] name = qualifiedName();
    if (accept("ADD")) {
      boolean temporary = accept("TEMPORARY");
      expect("PARTITION");
      boolean ifNotExists = !temporary && ifNotExists();
      String partition = identifier();
      expect("VALUES");
      if (peekIs("LESS")) {
        throw new Unsupported(
            "ADD "
                + (temporary ? "TEMPORARY " : "")
                + "PARTITION "
                + partition
                + ": the emulator takes the range form"
                + " VALUES [(\"lower\"), (\"upper\")), not VALUES LESS THAN");
      }
      expect("[");
      expect("(");
      java.time.LocalDateTime lower = dateTime(string());
      expect(")");
      expect(",");
      expect("(");
      java.time.LocalDateTime upper = dateTime(string());
      expect(")");
      expect(")");
      if (accept("DISTRIBUTED")) {
        // Buckets are meaningless in the emulator, as in CREATE TABLE.
        expect("BY");
        if (accept("HASH")) {
          identifierList();
        } else {
          expect("RANDOM");
        }
        if (accept("BUCKETS") && !accept("AUTO")) {
          next();
        }
      }
      end();
      if (!lower.isBefore(upper)) {
        throw new Unsupported(
            "errCode = 2, detailMessage = Range ["
                + lower
                + ", "
                + upper
                + ") is empty: the lower bound must be below the"
                + " upper bound");
      }
      if (!temporary) {
        return new AddPartition(
            name[0], name[1], new FormalPartition(partition, lower, upper), ifNotExists);
      }
      return new AddTemporaryPartition(
          name[0], name[1], new TemporaryPartition(partition, lower, upper));
    }
    if (accept("DROP")) {
      expectTemporaryPartition("DROP");
      boolean ifExists = ifExists();
      String partition = identifier();
      accept("FORCE");
      end();
      return new DropTemporaryPartition(name[0], name[1], partition, ifExists);
    }
    if (accept("REPLACE")) {
      expect("PARTITION");
      List<String> partitions = identifierList();
      expect("WITH");
      expectTemporaryPartition("REPLACE ... WITH");
      List<String> temporary = identifierList();
      if (partitions.size() != 1 || temporary.size() != 1) {
        throw new Unsupported(
            "the emulator replaces one partition with one temporary partition at a time");
      }
      if (accept("PROPERTIES")) {
        expect("(");
        do {
          String k = string();
          expect("=");
          String v = string();
          boolean doris =
              (k.equals("strict_range") && v.equalsIgnoreCase("true"))
                  || (k.equals("use_temp_partition_name") && v.equalsIgnoreCase("false"));
          if (!doris) {
            throw new Unsupported(
                "REPLACE PARTITION: the emulator supports only the defaults strict_range = true and use_temp_partition_name = false, not "
                    + k
                    + " = "
                    + v);
          }
        } while (accept(","));
        expect(")");
      }
      end();
      return new ReplacePartition(name[0], name[1], partitions.get(0), temporary.get(0));
    }
    throw new Unsupported(
        "the emulator's ALTER TABLE takes only ADD PARTITION, ADD / DROP TEMPORARY PARTITION and REPLACE PARTITION ... WITH"
            + " TEMPORARY PARTITION; got: "
            + abbreviate(text));
  }

  private void expectTemporaryPartition(String what) {
    if (!accept("TEMPORARY")) {
      throw new Unsupported(
          "ALTER TABLE "
              + what
              + " PARTITION: the emulator creates formal partitions only by loads (AUTO PARTITION) and"
              + " ADD PARTITION, and drops none; it takes TEMPORARY PARTITION here");
    }
    expect("PARTITION");
  }

  private Select select() {
    List<String> columns = new ArrayList<>();
    if (!accept("*")) {
      do {
        columns.add(identifier());
      } while (accept(","));
    }
    expect("FROM");
    String[] name = qualifiedName();
    String temporary = null;
    if (accept("TEMPORARY")) {
      expect("PARTITION");
      List<String> parts = identifierList();
      if (parts.size() != 1) {
        throw new Unsupported("the emulator reads one temporary partition at a time");
      }
      temporary = parts.get(0);
    }
    String column = null;
    String lower = null;
    String upper = null;
    if (accept("WHERE")) {
      column = identifier();
      expect(">");
      expect("=");
      lower = string();
      expect("AND");
      String again = identifier();
      if (!again.equalsIgnoreCase(column)) {
        throw new Unsupported(
            "the emulator's SELECT takes WHERE c >= 'lower' AND c < 'upper' on one column c");
      }
      expect("<");
      upper = string();
    }
    List<String> orderBy = new ArrayList<>();
    if (accept("ORDER")) {
      expect("BY");
      do {
        orderBy.add(identifier());
      } while (accept(","));
    }
    end();
    return new Select(
        name[0],
        name[1],
        List.copyOf(columns),
        temporary,
        column,
        lower,
        upper,
        List.copyOf(orderBy));
  }

  /** A partition bound: "2026-11-23" or "2026-11-23 00:00:00". */
  static java.time.LocalDateTime dateTime(String value) {
    String v = value.trim();
    try {
      return v.length() == 10
          ? java.time.LocalDate.parse(v).atStartOfDay()
          : java.time.LocalDateTime.parse(v.replace(' ', 'T'));
    } catch (java.time.format.DateTimeParseException e) {
      throw new Unsupported("'" + value + "' is not a DATE or DATETIME partition value");
    }
  }

  private DorisTable createTable() {
    String[] name = qualifiedName();
    expect("(");
    List<DorisColumn> columns = new ArrayList<>();
    do {
      if (peekIs("INDEX")) {
        throw new Unsupported("the emulator does not support index definitions in CREATE TABLE");
      }
      columns.add(column());
    } while (accept(","));
    expect(")");
    List<String> keys = null;
    String keysType = null;
    Map<String, String> properties = new LinkedHashMap<>();
    String partitionColumn = null;
    while (pos < tokens.size() && !peekIs(";")) {
      if (accept("ENGINE")) {
        expect("=");
        String engine = next();
        if (!engine.equalsIgnoreCase("OLAP")) {
          throw new Unsupported("ENGINE=" + engine + ": the emulator supports OLAP tables only");
        }
      } else if (peekIs("UNIQUE")
          || peekIs("DUPLICATE")
          || peekIs("AGGREGATE")
          || peekIs("PRIMARY")) {
        keysType = next().toUpperCase(Locale.ROOT);
        expect("KEY");
        keys = identifierList();
      } else if (accept("COMMENT")) {
        string();
      } else if (accept("AUTO")) {
        partitionColumn = autoPartition(name[1]);
      } else if (accept("PARTITION")) {
        throw new Unsupported(
            "the emulator supports only AUTO PARTITION BY RANGE (date_trunc(`col`, 'day')) (), not explicit or list"
                + " partitions; leave PARTITION BY out or use that form");
      } else if (accept("DISTRIBUTED")) {
        expect("BY");
        if (accept("HASH")) {
          identifierList();
        } else {
          expect("RANDOM");
        }
        if (accept("BUCKETS")) {
          if (!accept("AUTO")) {
            next();
          }
        }
      } else if (accept("PROPERTIES")) {
        expect("(");
        if (!peekIs(")")) {
          do {
            String k = string();
            expect("=");
            properties.put(k, string());
          } while (accept(","));
        }
        expect(")");
      } else {
        throw new Unsupported("unexpected '" + peek() + "' in CREATE TABLE " + name[1]);
      }
    }
    end();
    if (keysType == null || !keysType.equals("UNIQUE")) {
      throw new Unsupported(
          "the emulator supports the Unique Key model only: add UNIQUE KEY(...) to CREATE TABLE "
              + name[1]
              + (keysType == null ? "" : " (got " + keysType + " KEY)"));
    }
    for (int i = 0; i < keys.size(); i++) {
      String k = keys.get(i);
      if (i >= columns.size() || !columns.get(i).name().equalsIgnoreCase(k)) {
        throw new Unsupported(
            "Key columns should be a ordered prefix of the schema. KeyColumns["
                + i
                + "] ("
                + k
                + ") should be the column at the same position");
      }
      DorisColumn c = columns.get(i);
      if (c.type().name().equals("STRING")
          || c.type().name().equals("JSON")
          || c.type().name().equals("FLOAT")
          || c.type().name().equals("DOUBLE")) {
        throw new Unsupported("key column " + k + " cannot be of type " + c.type().name());
      }
    }
    String sequence = properties.get("function_column.sequence_col");
    if (sequence != null) {
      DorisColumn seq =
          columns.stream()
              .filter(c -> c.name().equalsIgnoreCase(sequence))
              .findFirst()
              .orElseThrow(
                  () ->
                      new Unsupported(
                          "function_column.sequence_col names "
                              + sequence
                              + ", which is not a column"));
      if (!List.of("TINYINT", "SMALLINT", "INT", "BIGINT", "LARGEINT", "DATE", "DATETIME")
          .contains(seq.type().name())) {
        throw new Unsupported(
            "sequence column " + sequence + " must be an integer, DATE or DATETIME column");
      }
    }
    if (partitionColumn != null) {
      String pc = partitionColumn;
      DorisColumn c =
          columns.stream()
              .filter(x -> x.name().equalsIgnoreCase(pc))
              .findFirst()
              .orElseThrow(
                  () ->
                      new Unsupported(
                          "the partition column " + pc + " is not a column of " + name[1]));
      if (keys.stream().noneMatch(k -> k.equalsIgnoreCase(pc))) {
        throw new Unsupported("The partition column must be key column: " + pc);
      }
      if (!List.of("DATE", "DATETIME").contains(c.type().name())) {
        throw new Unsupported(
            "auto range partition column "
                + pc
                + " must be DATE or DATETIME, not "
                + c.type().name());
      }
      partitionColumn = c.name();
    }
    if (properties.containsKey("function_column.sequence_type")) {
      throw new Unsupported(
          "the emulator supports function_column.sequence_col only, not the hidden sequence_type column");
    }
    return new DorisTable(
        name[0],
        name[1],
        List.copyOf(columns),
        List.copyOf(keys),
        sequence,
        partitionColumn,
        Map.copyOf(properties),
        text);
  }

  /** After AUTO: {@code PARTITION BY RANGE (date_trunc(`col`, 'day')) ()}; returns the column. */
  private String autoPartition(String table) {
    expect("PARTITION");
    expect("BY");
    if (!accept("RANGE")) {
      throw new Unsupported(
          "the emulator supports AUTO PARTITION BY RANGE only, not AUTO PARTITION BY "
              + peek()
              + " (in "
              + table
              + ")");
    }
    expect("(");
    if (!accept("date_trunc")) {
      throw new Unsupported(
          "the emulator's auto partitions are date_trunc(`col`, 'day') only; got '"
              + peek()
              + "' in "
              + table);
    }
    expect("(");
    String column = identifier();
    expect(",");
    String unit = string();
    expect(")");
    expect(")");
    if (!unit.equalsIgnoreCase("day")) {
      throw new Unsupported("the emulator's auto partitions are by 'day' only, not '" + unit + "'");
    }
    expect("(");
    if (!peekIs(")")) {
      throw new Unsupported(
          "the emulator's auto partitioned tables start without partitions: write () after AUTO PARTITION BY RANGE (...)");
    }
    expect(")");
    return column;
  }

  private DorisColumn column() {
    String name = identifier();
    StringBuilder type = new StringBuilder(next());
    if (accept("(")) {
      type.append('(').append(next());
      if (accept(",")) {
        type.append(',').append(next());
      }
      expect(")");
      type.append(')');
    }
    DorisType t;
    try {
      t = DorisType.parse(type.toString());
    } catch (IllegalArgumentException e) {
      throw new Unsupported("column " + name + ": " + e.getMessage());
    }
    boolean nullable = true;
    String comment = "";
    while (pos < tokens.size() && !peekIs(",") && !peekIs(")")) {
      if (accept("NOT")) {
        expect("NULL");
        nullable = false;
      } else if (accept("NULL")) {
        nullable = true;
      } else if (accept("COMMENT")) {
        comment = string();
      } else if (accept("DEFAULT")) {
        throw new Unsupported("column " + name + ": the emulator does not support DEFAULT values");
      } else if (accept("AUTO_INCREMENT")) {
        throw new Unsupported("column " + name + ": the emulator does not support AUTO_INCREMENT");
      } else {
        throw new Unsupported("column " + name + ": unexpected '" + peek() + "'");
      }
    }
    return new DorisColumn(name, t, nullable, comment);
  }

  private boolean ifExists() {
    if (accept("IF")) {
      expect("EXISTS");
      return true;
    }
    return false;
  }

  private boolean ifNotExists() {
    if (accept("IF")) {
      expect("NOT");
      expect("EXISTS");
      return true;
    }
    return false;
  }

  private String[] qualifiedName() {
    String first = identifier();
    if (accept(".")) {
      return new String[] {first, identifier()};
    }
    if (defaultDatabase == null || defaultDatabase.isBlank()) {
      throw new Unsupported("no database: write " + first + " as <database>." + first);
    }
    return new String[] {defaultDatabase, first};
  }

  private List<String> identifierList() {
    expect("(");
    List<String> names = new ArrayList<>();
    do {
      names.add(identifier());
    } while (accept(","));
    expect(")");
    return names;
  }

  private String identifier() {
    String t = next();
    if (t.startsWith("`")) {
      return t.substring(1, t.length() - 1).replace("``", "`");
    }
    if (!t.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new Unsupported("expected a name, got '" + t + "'");
    }
    return t;
  }

  private String string() {
    String t = next();
    if (t.length() >= 2 && (t.startsWith("'") || t.startsWith("\""))) {
      char q = t.charAt(0);
      return t.substring(1, t.length() - 1)
          .replace("\\" + q, String.valueOf(q))
          .replace(String.valueOf(q) + q, String.valueOf(q));
    }
    throw new Unsupported("expected a quoted string, got '" + t + "'");
  }

  private void end() {
    accept(";");
    if (pos < tokens.size()) {
      throw new Unsupported("unexpected '" + peek() + "' after the statement");
    }
  }

  private String peek() {
    return pos < tokens.size() ? tokens.get(pos) : "<end>";
  }

  private boolean peekIs(String word) {
    return pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(word);
  }

  private boolean accept(String word) {
    if (peekIs(word)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(String word) {
    if (!accept(word)) {
      throw new Unsupported(
          "expected " + word + " but got '" + peek() + "' in: " + abbreviate(text));
    }
  }

  private String next() {
    if (pos >= tokens.size()) {
      throw new Unsupported("the statement ends too early: " + abbreviate(text));
    }
    return tokens.get(pos++);
  }

  private static List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < s.length() && s.charAt(i + 1) == '-') {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '`' || c == '\'' || c == '"') {
        int j = i + 1;
        while (j < s.length()) {
          char d = s.charAt(j);
          if (d == '\\' && c != '`') {
            j += 2;
            continue;
          }
          if (d == c) {
            if (j + 1 < s.length() && s.charAt(j + 1) == c) {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        if (j >= s.length()) {
          throw new Unsupported("unclosed " + c + " in: " + abbreviate(s));
        }
        out.add(s.substring(i, j + 1));
        i = j + 1;
      } else if ("(),;=.[<>".indexOf(c) >= 0) {
        out.add(String.valueOf(c));
        i++;
      } else {
        int j = i;
        while (j < s.length()
            && !Character.isWhitespace(s.charAt(j))
            && "(),;=.[<>`'\"".indexOf(s.charAt(j)) < 0) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    return out;
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() <= 200 ? one : one.substring(0, 200) + "...";
  }
}
