package io.strata.dorisemulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the subset of Doris DDL that Strata sends: {@code CREATE DATABASE [IF NOT EXISTS]},
 * {@code CREATE TABLE [IF NOT EXISTS] ... UNIQUE KEY(...) [COMMENT ...] DISTRIBUTED BY HASH(...)
 * BUCKETS n PROPERTIES (...)}, {@code DROP TABLE [IF EXISTS]}. Anything else is refused with the
 * reason, never silently ignored.
 */
public final class DorisDdl {

  /** A parsed statement. */
  public sealed interface Statement permits CreateDatabase, CreateTable, DropTable {}

  public record CreateDatabase(String database, boolean ifNotExists) implements Statement {}

  public record CreateTable(DorisTable table, boolean ifNotExists) implements Statement {}

  public record DropTable(String database, String table, boolean ifExists) implements Statement {}

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
      boolean ifExists = false;
      if (accept("IF")) {
        expect("EXISTS");
        ifExists = true;
      }
      String[] name = qualifiedName();
      accept("FORCE");
      end();
      return new DropTable(name[0], name[1], ifExists);
    }
    throw new Unsupported("the Doris emulator runs only CREATE DATABASE, CREATE TABLE and DROP TABLE; got: " + abbreviate(text));
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
    while (pos < tokens.size() && !peekIs(";")) {
      if (accept("ENGINE")) {
        expect("=");
        String engine = next();
        if (!engine.equalsIgnoreCase("OLAP")) {
          throw new Unsupported("ENGINE=" + engine + ": the emulator supports OLAP tables only");
        }
      } else if (peekIs("UNIQUE") || peekIs("DUPLICATE") || peekIs("AGGREGATE") || peekIs("PRIMARY")) {
        keysType = next().toUpperCase(Locale.ROOT);
        expect("KEY");
        keys = identifierList();
      } else if (accept("COMMENT")) {
        string();
      } else if (accept("PARTITION")) {
        throw new Unsupported("the emulator does not support PARTITION BY (range or list partitions); leave it out");
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
      throw new Unsupported("the emulator supports the Unique Key model only: add UNIQUE KEY(...) to CREATE TABLE " + name[1]
          + (keysType == null ? "" : " (got " + keysType + " KEY)"));
    }
    for (int i = 0; i < keys.size(); i++) {
      String k = keys.get(i);
      if (i >= columns.size() || !columns.get(i).name().equalsIgnoreCase(k)) {
        throw new Unsupported("Key columns should be a ordered prefix of the schema. KeyColumns[" + i + "] (" + k + ") should be the column at the same position");
      }
      DorisColumn c = columns.get(i);
      if (c.type().name().equals("STRING") || c.type().name().equals("JSON") || c.type().name().equals("FLOAT") || c.type().name().equals("DOUBLE")) {
        throw new Unsupported("key column " + k + " cannot be of type " + c.type().name());
      }
    }
    String sequence = properties.get("function_column.sequence_col");
    if (sequence != null) {
      DorisColumn seq = columns.stream().filter(c -> c.name().equalsIgnoreCase(sequence)).findFirst()
          .orElseThrow(() -> new Unsupported("function_column.sequence_col names " + sequence + ", which is not a column"));
      if (!List.of("TINYINT", "SMALLINT", "INT", "BIGINT", "LARGEINT", "DATE", "DATETIME").contains(seq.type().name())) {
        throw new Unsupported("sequence column " + sequence + " must be an integer, DATE or DATETIME column");
      }
    }
    if (properties.containsKey("function_column.sequence_type")) {
      throw new Unsupported("the emulator supports function_column.sequence_col only, not the hidden sequence_type column");
    }
    return new DorisTable(name[0], name[1], List.copyOf(columns), List.copyOf(keys), sequence, Map.copyOf(properties), text);
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
      return t.substring(1, t.length() - 1).replace("\\" + q, String.valueOf(q)).replace(String.valueOf(q) + q, String.valueOf(q));
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
      throw new Unsupported("expected " + word + " but got '" + peek() + "' in: " + abbreviate(text));
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
      } else if ("(),;=.".indexOf(c) >= 0) {
        out.add(String.valueOf(c));
        i++;
      } else {
        int j = i;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "(),;=.`'\"".indexOf(s.charAt(j)) < 0) {
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
