package io.strata.dorisemulator;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The emulated FE's catalog: databases and Unique Key tables, persisted through {@link MariaDbStore}. */
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

  /** What a SELECT answers: column names and Doris types, and rows as text. */
  public record ResultSet(List<DorisColumn> columns, List<List<String>> rows) {}

  public Catalog(EmulatorStore store) {
    this.store = store;
  }

  public synchronized void load() throws SQLException {
    for (DorisTable t : store.loadTables()) {
      tables.computeIfAbsent(t.database(), d -> new HashMap<>()).put(t.name(), t);
    }
    store.loadTemporaryPartitions().forEach((table, parts) -> {
      Map<String, TemporaryPartition> byName = temporary.computeIfAbsent(table, x -> new LinkedHashMap<>());
      parts.forEach(p -> byName.put(p.name(), p));
    });
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
        throw new DdlError("errCode = 2, detailMessage = Unknown partition '" + s.temporaryPartition() + "' in table '" + s.table() + "'");
      }
    }
    List<DorisColumn> cols = new ArrayList<>();
    for (String c : s.columns().isEmpty() ? t.columns().stream().map(DorisColumn::name).toList() : s.columns()) {
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
      throw new DdlError("errCode = 2, detailMessage = Unknown column '" + name + "' in '" + t.name() + "'");
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
      throw new DdlError("errCode = 2, detailMessage = Table[" + name + "] is not a partitioned table: only partitioned tables have temporary partitions");
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
        throw new DdlError("errCode = 2, detailMessage = Can't create database '" + cd.database() + "'; database exists");
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
      for (TemporaryPartition p : new ArrayList<>(temporary.getOrDefault(t.qualifiedName(), Map.of()).values())) {
        store.dropTemporaryPartition(t, p.name());
      }
      temporary.remove(t.qualifiedName());
      store.dropTable(dt.database(), dt.table());
      tables.getOrDefault(dt.database(), new HashMap<>()).remove(dt.table());
    } else if (statement instanceof DorisDdl.AddTemporaryPartition add) {
      DorisTable t = partitioned(add.database(), add.table());
      Map<String, TemporaryPartition> existing = temporary.computeIfAbsent(t.qualifiedName(), x -> new LinkedHashMap<>());
      TemporaryPartition p = add.partition();
      if (existing.containsKey(p.name()) || p.name().equals(TemporaryPartition.autoPartitionName(p.lower()))) {
        throw new DdlError("errCode = 2, detailMessage = Duplicate partition name " + p.name());
      }
      for (TemporaryPartition o : existing.values()) {
        if (o.overlaps(p)) {
          throw new DdlError("errCode = 2, detailMessage = Range " + p.range() + " is intersected with range " + o.range()
              + " of temporary partition " + o.name());
        }
      }
      store.addTemporaryPartition(t, p);
      existing.put(p.name(), p);
    } else if (statement instanceof DorisDdl.DropTemporaryPartition drop) {
      DorisTable t = partitioned(drop.database(), drop.table());
      if (temporaryPartition(t.database(), t.name(), drop.partition()) == null) {
        if (drop.ifExists()) {
          return;
        }
        throw new DdlError("errCode = 2, detailMessage = Error in list of partitions to " + drop.partition());
      }
      store.dropTemporaryPartition(t, drop.partition());
      temporary.get(t.qualifiedName()).remove(drop.partition());
    } else if (statement instanceof DorisDdl.ReplacePartition r) {
      DorisTable t = partitioned(r.database(), r.table());
      TemporaryPartition tp = temporaryPartition(t.database(), t.name(), r.temporaryPartition());
      if (tp == null) {
        throw new DdlError("errCode = 2, detailMessage = Temp partition[" + r.temporaryPartition() + "] does not exist");
      }
      // strict_range: the auto partition named must cover exactly the temporary partition's range,
      // and auto partitions of date_trunc(col, 'day') are named after the day they start.
      boolean oneDay = tp.lower().toLocalTime().equals(java.time.LocalTime.MIDNIGHT) && tp.upper().equals(tp.lower().plusDays(1));
      if (!oneDay || !r.partition().equals(TemporaryPartition.autoPartitionName(tp.lower()))) {
        throw new DdlError("errCode = 2, detailMessage = The range of the partitions to be replaced is not equal to the range of temporary"
            + " partitions: " + r.partition() + " vs " + tp.name() + " " + tp.range() + " (the day partition of that range is "
            + TemporaryPartition.autoPartitionName(tp.lower()) + ")");
      }
      store.replacePartition(t, tp);
      temporary.get(t.qualifiedName()).remove(tp.name());
    } else if (statement instanceof DorisDdl.Select) {
      throw new DdlError("SELECT is answered by Catalog.select");
    }
  }
}
