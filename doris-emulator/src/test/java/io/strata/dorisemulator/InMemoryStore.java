package io.strata.dorisemulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@link EmulatorStore} in memory, for tests of the rules (MariaDB itself is tested end to end).
 */
final class InMemoryStore implements EmulatorStore {
  final Set<String> databases = new HashSet<>();
  final Map<String, DorisTable> tables = new LinkedHashMap<>();
  final Map<Long, Transaction> transactions = new LinkedHashMap<>();

  /** Visible rows per table, by key. */
  final Map<String, Map<List<Object>, Object[]>> rows = new LinkedHashMap<>();

  boolean failNextPublish;

  @Override
  public void initialise() {}

  @Override
  public boolean databaseExists(String db) {
    return databases.contains(db);
  }

  @Override
  public void createDatabase(String db) {
    databases.add(db);
  }

  @Override
  public void createTable(DorisTable table) {
    tables.put(table.qualifiedName(), table);
    rows.put(table.qualifiedName(), new LinkedHashMap<>());
  }

  @Override
  public void dropTable(String db, String table) {
    tables.remove(db + "." + table);
    rows.remove(db + "." + table);
    partitions.remove(db + "." + table);
  }

  @Override
  public List<DorisTable> loadTables() {
    return new ArrayList<>(tables.values());
  }

  @Override
  public List<Transaction> loadTransactions() {
    return new ArrayList<>(transactions.values());
  }

  @Override
  public void saveTransaction(Transaction txn) {
    transactions.put(txn.id(), txn);
  }

  @Override
  public void publish(
      DorisTable table, List<LoadedRow> loaded, Transaction txn, List<FormalPartition> created)
      throws java.sql.SQLException {
    if (failNextPublish) {
      failNextPublish = false;
      throw new java.sql.SQLException("simulated MariaDB failure");
    }
    Map<List<Object>, Object[]> visible = rows.get(table.qualifiedName());
    for (LoadedRow r : loaded) {
      List<Object> key = new ArrayList<>();
      for (String k : table.keyColumns()) {
        key.add(r.values()[table.columns().indexOf(table.column(k))]);
      }
      if (r.delete()) {
        visible.remove(key);
      } else {
        visible.put(key, Arrays.copyOf(r.values(), r.values().length));
      }
    }
    addPartitions(table, created);
    transactions.put(txn.id(), txn);
  }

  final Map<String, List<FormalPartition>> partitions = new LinkedHashMap<>();

  @Override
  public void addPartitions(DorisTable table, List<FormalPartition> added) {
    List<FormalPartition> list =
        partitions.computeIfAbsent(table.qualifiedName(), k -> new ArrayList<>());
    for (FormalPartition p : added) {
      if (list.stream().noneMatch(x -> x.name().equals(p.name()))) {
        list.add(p);
      }
    }
  }

  @Override
  public Map<String, List<FormalPartition>> loadPartitions() {
    return partitions;
  }

  @Override
  public List<java.time.LocalDate> daysWithRows(DorisTable table) {
    int pc = table.columns().indexOf(table.column(table.partitionColumn()));
    return rows.getOrDefault(table.qualifiedName(), Map.of()).values().stream()
        .map(r -> DorisDdl.dateTime(r[pc].toString()).toLocalDate())
        .distinct()
        .toList();
  }

  final Map<String, List<TemporaryPartition>> temporary = new LinkedHashMap<>();

  @Override
  public void addTemporaryPartition(DorisTable table, TemporaryPartition partition) {
    temporary.computeIfAbsent(table.qualifiedName(), k -> new ArrayList<>()).add(partition);
    rows.put(
        table.storedAs(TemporaryPartition.storedAs(table.name(), partition.name())).qualifiedName(),
        new LinkedHashMap<>());
  }

  @Override
  public void dropTemporaryPartition(DorisTable table, String partition) {
    temporary
        .getOrDefault(table.qualifiedName(), new ArrayList<>())
        .removeIf(p -> p.name().equals(partition));
    rows.remove(
        table.storedAs(TemporaryPartition.storedAs(table.name(), partition)).qualifiedName());
  }

  @Override
  public Map<String, List<TemporaryPartition>> loadTemporaryPartitions() {
    return temporary;
  }

  @Override
  public void replacePartition(DorisTable table, TemporaryPartition partition) {
    int pc = table.columns().indexOf(table.column(table.partitionColumn()));
    Map<List<Object>, Object[]> visible = rows.get(table.qualifiedName());
    visible.values().removeIf(r -> partition.contains(DorisDdl.dateTime(r[pc].toString())));
    String stored =
        table.storedAs(TemporaryPartition.storedAs(table.name(), partition.name())).qualifiedName();
    visible.putAll(rows.remove(stored));
    dropTemporaryPartition(table, partition.name());
  }

  @Override
  public List<List<String>> select(
      DorisTable table,
      List<String> columns,
      TemporaryPartition partition,
      String column,
      String lower,
      String upper,
      List<String> orderBy) {
    String from =
        partition == null
            ? table.qualifiedName()
            : table
                .storedAs(TemporaryPartition.storedAs(table.name(), partition.name()))
                .qualifiedName();
    List<List<String>> out = new ArrayList<>();
    for (Object[] r : rows.get(from).values()) {
      if (column != null) {
        String v = r[table.columns().indexOf(table.column(column))].toString();
        if (DorisDdl.dateTime(v).isBefore(DorisDdl.dateTime(lower))
            || !DorisDdl.dateTime(v).isBefore(DorisDdl.dateTime(upper))) {
          continue;
        }
      }
      List<String> row = new ArrayList<>();
      for (String c : columns) {
        Object v = r[table.columns().indexOf(table.column(c))];
        row.add(v == null ? null : v.toString());
      }
      out.add(row);
    }
    return out;
  }

  int visibleRows(String qualifiedTable) {
    return rows.get(qualifiedTable).size();
  }
}
