package io.strata.dorisemulator;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The emulated FE's catalog: databases and Unique Key tables, persisted through {@link
 * MariaDbStore}.
 */
public final class Catalog {

  /** A DDL statement failed the way Doris would refuse it (unknown database, table exists, ...). */
  public static final class DdlError extends Exception {
    public DdlError(String message) {
      super(message);
    }
  }

  private final EmulatorStore store;
  private final Map<String, Map<String, DorisTable>> tables = new HashMap<>();

  /** Temporary partitions per qualified table name, by partition name. */
  private final Map<String, Map<String, TemporaryPartition>> temporary = new HashMap<>();

  /** Formal partitions of day-partitioned tables per qualified table name, by partition name. */
  private final Map<String, Map<String, FormalPartition>> formal = new HashMap<>();

  /** What a SELECT answers: column names and Doris types, and rows as text. */
  public record ResultSet(List<DorisColumn> columns, List<List<String>> rows) {}

  public Catalog(EmulatorStore store) {
    this.store = store;
  }

  public synchronized void load() throws SQLException {
    for (DorisTable t : store.loadTables()) {
      tables.computeIfAbsent(t.database(), d -> new HashMap<>()).put(t.name(), t);
    }
    store
        .loadTemporaryPartitions()
        .forEach(
            (table, parts) -> {
              Map<String, TemporaryPartition> byName =
                  temporary.computeIfAbsent(table, x -> new LinkedHashMap<>());
              parts.forEach(p -> byName.put(p.name(), p));
            });
    store
        .loadPartitions()
        .forEach(
            (table, parts) -> {
              Map<String, FormalPartition> byName =
                  formal.computeIfAbsent(table, x -> new LinkedHashMap<>());
              parts.forEach(p -> byName.put(p.name(), p));
            });
    // A table recorded before the emulator recorded partitions has none: each day with rows gets
    // its
    // auto partition, as Doris created it when those rows were loaded.
    for (Map<String, DorisTable> db : tables.values()) {
      for (DorisTable t : db.values()) {
        if (t.partitionColumn() != null
            && formal.getOrDefault(t.qualifiedName(), Map.of()).isEmpty()) {
          List<java.time.LocalDate> days;
          try {
            days = store.daysWithRows(t);
          } catch (SQLException e) {
            System.err.println(
                "doris emulator: cannot read the days of "
                    + t.qualifiedName()
                    + " ("
                    + e.getMessage()
                    + "); it starts without partitions");
            continue;
          }
          List<FormalPartition> missing = new ArrayList<>();
          for (java.time.LocalDate day : days) {
            if (covering(t, day.atStartOfDay()) == null
                && missing.stream().noneMatch(p -> p.contains(day.atStartOfDay()))) {
              missing.add(FormalPartition.autoDay(day));
            }
          }
          store.addPartitions(t, missing);
          partitionsCreated(t, missing);
        }
      }
    }
  }

  /** The formal partition of a table whose range holds {@code value}, or null. */
  private FormalPartition covering(DorisTable t, java.time.LocalDateTime value) {
    for (FormalPartition p : formal.getOrDefault(t.qualifiedName(), Map.of()).values()) {
      if (p.contains(value)) {
        return p;
      }
    }
    return null;
  }

  /**
   * The auto partitions a load of {@code rows} into a day-partitioned table creates: one per day of
   * the partition column that no formal partition covers yet. Empty for an unpartitioned table.
   */
  public synchronized List<FormalPartition> partitionsToCreate(DorisTable t, List<LoadedRow> rows) {
    if (t.partitionColumn() == null) {
      return List.of();
    }
    int index = t.columns().indexOf(t.column(t.partitionColumn()));
    Map<java.time.LocalDate, FormalPartition> out = new java.util.TreeMap<>();
    for (LoadedRow r : rows) {
      Object v = r.values()[index];
      if (v == null) {
        continue;
      }
      java.time.LocalDateTime at = DorisDdl.dateTime(v.toString());
      if (!out.containsKey(at.toLocalDate()) && covering(t, at) == null) {
        out.put(at.toLocalDate(), FormalPartition.autoDay(at.toLocalDate()));
      }
    }
    return List.copyOf(out.values());
  }

  /** Records partitions the store has persisted. */
  public synchronized void partitionsCreated(DorisTable t, List<FormalPartition> created) {
    if (!created.isEmpty()) {
      Map<String, FormalPartition> byName =
          formal.computeIfAbsent(t.qualifiedName(), x -> new LinkedHashMap<>());
      created.forEach(p -> byName.putIfAbsent(p.name(), p));
    }
  }

  /** A formal partition of a table, or null. */
  public synchronized FormalPartition partition(String db, String table, String name) {
    return formal.getOrDefault(db + "." + table, Map.of()).get(name);
  }

  /**
   * Answers {@code SHOW [TEMPORARY] PARTITIONS FROM t} with the columns Doris starts with
   * (PartitionId, PartitionName, VisibleVersion, State, PartitionKey, Range), ordered by range.
   */
  public synchronized ResultSet showPartitions(DorisDdl.ShowPartitions s) throws DdlError {
    DorisTable t = existing(s.database(), s.table());
    DorisType text = DorisType.parse("VARCHAR(1024)");
    DorisType number = DorisType.parse("BIGINT");
    List<DorisColumn> cols =
        List.of(
            new DorisColumn("PartitionId", number, false, ""),
            new DorisColumn("PartitionName", text, false, ""),
            new DorisColumn("VisibleVersion", number, false, ""),
            new DorisColumn("State", text, false, ""),
            new DorisColumn("PartitionKey", text, false, ""),
            new DorisColumn("Range", text, false, ""));
    record Row(String name, java.time.LocalDateTime lower, java.time.LocalDateTime upper) {}
    List<Row> parts = new ArrayList<>();
    if (t.partitionColumn() == null) {
      // Doris shows an unpartitioned table's one implicit partition, named after the table.
      parts.add(new Row(t.name(), null, null));
    } else if (s.temporary()) {
      temporary
          .getOrDefault(t.qualifiedName(), Map.of())
          .values()
          .forEach(p -> parts.add(new Row(p.name(), p.lower(), p.upper())));
    } else {
      formal
          .getOrDefault(t.qualifiedName(), Map.of())
          .values()
          .forEach(p -> parts.add(new Row(p.name(), p.lower(), p.upper())));
    }
    if (s.temporary() && t.partitionColumn() == null) {
      parts.clear();
    }
    parts.sort(
        java.util.Comparator.comparing(
                (Row r) -> r.lower() == null ? java.time.LocalDateTime.MIN : r.lower())
            .thenComparing(Row::name));
    List<List<String>> rows = new ArrayList<>();
    String columnType =
        t.partitionColumn() == null ? null : t.column(t.partitionColumn()).type().name();
    for (Row r : parts) {
      rows.add(
          List.of(
              Long.toString(
                  10_000L
                      + Math.floorMod((t.qualifiedName() + "/" + r.name()).hashCode(), 1_000_000)),
              r.name(),
              "1",
              "NORMAL",
              t.partitionColumn() == null ? "" : t.partitionColumn(),
              r.lower() == null
                  ? ""
                  : FormalPartition.showRange(columnType, r.lower(), r.upper())));
    }
    return new ResultSet(cols, rows);
  }

  /** A temporary partition of a table, or null. */
  public synchronized TemporaryPartition temporaryPartition(String db, String table, String name) {
    return temporary.getOrDefault(db + "." + table, Map.of()).get(name);
  }

  /** Answers a SELECT of one table or temporary partition. */
  public synchronized ResultSet select(DorisDdl.Select s) throws DdlError, SQLException {
    DorisTable t = existing(s.database(), s.table());
    TemporaryPartition tp = null;
    if (s.temporaryPartition() != null) {
      tp = temporaryPartition(s.database(), s.table(), s.temporaryPartition());
      if (tp == null) {
        throw new DdlError(
            "errCode = 2, detailMessage = Unknown partition '"
                + s.temporaryPartition()
                + "' in table '"
                + s.table()
                + "'");
      }
    }
    List<DorisColumn> cols = new ArrayList<>();
    for (String c :
        s.columns().isEmpty()
            ? t.columns().stream().map(DorisColumn::name).toList()
            : s.columns()) {
      cols.add(column(t, c));
    }
    List<String> order = new ArrayList<>();
    for (String c : s.orderBy()) {
      order.add(column(t, c).name());
    }
    String where = null;
    if (s.column() != null) {
      where = column(t, s.column()).name();
    }
    List<String> names = cols.stream().map(DorisColumn::name).toList();
    return new ResultSet(cols, store.select(t, names, tp, where, s.lower(), s.upper(), order));
  }

  private static DorisColumn column(DorisTable t, String name) throws DdlError {
    DorisColumn c = t.column(name);
    if (c == null) {
      throw new DdlError(
          "errCode = 2, detailMessage = Unknown column '" + name + "' in '" + t.name() + "'");
    }
    return c;
  }

  private DorisTable existing(String db, String name) throws DdlError {
    DorisTable t = table(db, name);
    if (t == null) {
      throw new DdlError("errCode = 2, detailMessage = Unknown table '" + name + "' in " + db);
    }
    return t;
  }

  private DorisTable partitioned(String db, String name) throws DdlError {
    DorisTable t = existing(db, name);
    if (t.partitionColumn() == null) {
      throw new DdlError(
          "errCode = 2, detailMessage = Table["
              + name
              + "] is not a partitioned table: only partitioned tables have temporary partitions");
    }
    return t;
  }

  public synchronized DorisTable table(String db, String name) {
    return tables.getOrDefault(db, Map.of()).get(name);
  }

  /** Runs one DDL statement. */
  public synchronized void execute(DorisDdl.Statement statement) throws DdlError, SQLException {
    if (statement instanceof DorisDdl.CreateDatabase cd) {
      MariaDbStore.checkDatabaseName(cd.database());
      if (!cd.ifNotExists() && store.databaseExists(cd.database())) {
        throw new DdlError(
            "errCode = 2, detailMessage = Can't create database '"
                + cd.database()
                + "'; database exists");
      }
      store.createDatabase(cd.database());
    } else if (statement instanceof DorisDdl.CreateTable ct) {
      DorisTable t = ct.table();
      if (!store.databaseExists(t.database())) {
        throw new DdlError("errCode = 2, detailMessage = Unknown database '" + t.database() + "'");
      }
      if (table(t.database(), t.name()) != null) {
        if (ct.ifNotExists()) {
          return;
        }
        throw new DdlError("errCode = 2, detailMessage = Table '" + t.name() + "' already exists");
      }
      store.createTable(t);
      tables.computeIfAbsent(t.database(), d -> new HashMap<>()).put(t.name(), t);
    } else if (statement instanceof DorisDdl.DropTable dt) {
      if (table(dt.database(), dt.table()) == null) {
        if (dt.ifExists()) {
          return;
        }
        throw new DdlError("errCode = 2, detailMessage = Unknown table '" + dt.table() + "'");
      }
      DorisTable t = table(dt.database(), dt.table());
      for (TemporaryPartition p :
          new ArrayList<>(temporary.getOrDefault(t.qualifiedName(), Map.of()).values())) {
        store.dropTemporaryPartition(t, p.name());
      }
      temporary.remove(t.qualifiedName());
      formal.remove(t.qualifiedName());
      store.dropTable(dt.database(), dt.table());
      tables.getOrDefault(dt.database(), new HashMap<>()).remove(dt.table());
    } else if (statement instanceof DorisDdl.AddTemporaryPartition add) {
      DorisTable t = partitioned(add.database(), add.table());
      Map<String, TemporaryPartition> existing =
          temporary.computeIfAbsent(t.qualifiedName(), x -> new LinkedHashMap<>());
      TemporaryPartition p = add.partition();
      if (existing.containsKey(p.name()) || partition(t.database(), t.name(), p.name()) != null) {
        throw new DdlError("errCode = 2, detailMessage = Duplicate partition name " + p.name());
      }
      for (TemporaryPartition o : existing.values()) {
        if (o.overlaps(p)) {
          throw new DdlError(
              "errCode = 2, detailMessage = Range "
                  + p.range()
                  + " is intersected with range "
                  + o.range()
                  + " of temporary partition "
                  + o.name());
        }
      }
      store.addTemporaryPartition(t, p);
      existing.put(p.name(), p);
    } else if (statement instanceof DorisDdl.AddPartition add) {
      DorisTable t = existing(add.database(), add.table());
      if (t.partitionColumn() == null) {
        throw new DdlError(
            "errCode = 2, detailMessage = Table["
                + t.name()
                + "] is not a partitioned table: it was created without"
                + " partitions, so none can be added");
      }
      FormalPartition p = add.partition();
      if (partition(t.database(), t.name(), p.name()) != null) {
        if (add.ifNotExists()) {
          return;
        }
        throw new DdlError("errCode = 2, detailMessage = Duplicate partition name " + p.name());
      }
      for (FormalPartition o : formal.getOrDefault(t.qualifiedName(), Map.of()).values()) {
        if (o.overlaps(p.lower(), p.upper())) {
          throw new DdlError(
              "errCode = 2, detailMessage = Range "
                  + p.range()
                  + " is intersected with range "
                  + o.range()
                  + " of partition "
                  + o.name());
        }
      }
      boolean oneDay =
          p.lower().toLocalTime().equals(java.time.LocalTime.MIDNIGHT)
              && p.upper().equals(p.lower().plusDays(1));
      if (!oneDay) {
        throw new DdlError(
            "the emulator's date_trunc("
                + t.partitionColumn()
                + ", 'day') tables take partitions of exactly one day"
                + " [day 00:00:00, next day 00:00:00), not "
                + p.range());
      }
      store.addPartitions(t, List.of(p));
      partitionsCreated(t, List.of(p));
    } else if (statement instanceof DorisDdl.DropTemporaryPartition drop) {
      DorisTable t = partitioned(drop.database(), drop.table());
      if (temporaryPartition(t.database(), t.name(), drop.partition()) == null) {
        if (drop.ifExists()) {
          return;
        }
        throw new DdlError(
            "errCode = 2, detailMessage = Error in list of partitions to " + drop.partition());
      }
      store.dropTemporaryPartition(t, drop.partition());
      temporary.get(t.qualifiedName()).remove(drop.partition());
    } else if (statement instanceof DorisDdl.ReplacePartition r) {
      DorisTable t = partitioned(r.database(), r.table());
      TemporaryPartition tp = temporaryPartition(t.database(), t.name(), r.temporaryPartition());
      if (tp == null) {
        throw new DdlError(
            "errCode = 2, detailMessage = Temp partition["
                + r.temporaryPartition()
                + "] does not exist");
      }
      // Doris replaces only a formal partition that exists: an auto partition exists once a row of
      // its day was loaded, or once ADD PARTITION created it.
      FormalPartition p = partition(t.database(), t.name(), r.partition());
      if (p == null) {
        throw new DdlError(
            "errCode = 2, detailMessage = Partition[" + r.partition() + "] does not exist");
      }
      // strict_range: the partition must cover exactly the temporary partition's range.
      if (!p.sameRange(tp)) {
        throw new DdlError(
            "errCode = 2, detailMessage = The range of the partitions to be replaced is not equal to the range of temporary"
                + " partitions: "
                + r.partition()
                + " "
                + p.range()
                + " vs "
                + tp.name()
                + " "
                + tp.range());
      }
      store.replacePartition(t, tp);
      temporary.get(t.qualifiedName()).remove(tp.name());
    } else if (statement instanceof DorisDdl.Select
        || statement instanceof DorisDdl.ShowPartitions) {
      throw new DdlError(
          "SELECT and SHOW are answered by Catalog.select and Catalog.showPartitions");
    }
  }
}
