package io.strata.dimensions.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.dimensions.LookupTable;
import io.strata.layers.definition.CacheDef;
import io.strata.layers.definition.ColumnDef;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.DimensionDef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JdbcStoreTest {
  private static final ConnectionDef CONNECTION =
      new ConnectionDef(
          "refdata",
          "jdbc",
          Map.of(
              "url",
              "jdbc:mariadb://127.0.0.1:13306/refdata",
              "username",
              "strata",
              "password",
              "s3cret"),
          Set.of("password"),
          null);

  private static DimensionDef accounts(Map<String, String> store, CacheDef cache) {
    return new DimensionDef(
        "accounts",
        "refdata",
        "accounts",
        "account_id",
        store,
        List.of(
            new ColumnDef("account_id", "STRING", null),
            new ColumnDef("desk", "STRING", null),
            new ColumnDef("valid_from", "DATE", null)),
        cache,
        null,
        null);
  }

  @Test
  void lookupTableUsesThePartialCacheAndNeverPrintsThePassword() {
    LookupTable t =
        new JdbcStore()
            .lookupTable(
                accounts(
                    Map.of("max-retries", "2", "timeout", "3000ms"),
                    new CacheDef(500, Duration.ofMinutes(5), null)),
                CONNECTION,
                "dim_accounts");
    assertThat(t.ddl())
        .contains(
            "'lookup.cache' = 'PARTIAL'",
            "'lookup.partial-cache.max-rows' = '500'",
            "'lookup.partial-cache.expire-after-write' = '300000 ms'",
            "'lookup.partial-cache.cache-missing-key' = 'true'",
            "'lookup.max-retries' = '2'",
            "connectTimeout=3000",
            "'driver' = 'org.mariadb.jdbc.Driver'",
            "'password' = 's3cret'");
    assertThat(t.printableDdl()).doesNotContain("s3cret").contains("'password' = '******'");
    assertThat(t.column("d", "desk")).isEqualTo("d.`desk`");
  }

  @Test
  void noCacheBlockMeansNoCache() {
    assertThat(new JdbcStore().lookupTable(accounts(Map.of(), null), CONNECTION, "t").ddl())
        .doesNotContain("lookup.cache");
  }

  @Test
  void versionedDimensionsKeyOnKeyAndValidFromAndAreLookedUpThroughTheCurrentView() {
    DimensionDef d = accounts(Map.of("valid-from", "valid_from"), null);
    assertThat(JdbcDimensionWriter.createTable(d))
        .contains(
            "PRIMARY KEY (`account_id`, `valid_from`)",
            "`account_id` VARCHAR(191) NOT NULL",
            "`desk` TEXT NULL");
    assertThat(JdbcDimensionWriter.createCurrentView(d, "valid_from"))
        .contains(
            "CREATE OR REPLACE VIEW `accounts__current`",
            "MAX(h.`valid_from`)",
            "<= CURRENT_TIMESTAMP");
    assertThat(new JdbcStore().lookupTable(d, CONNECTION, "t").ddl())
        .contains("'table-name' = 'accounts__current'");
  }

  @Test
  void asOfADayAVersionedDimensionIsLookedUpThroughThatDaysView() {
    DimensionDef d = accounts(Map.of("valid-from", "valid_from"), null);
    java.time.LocalDate day = java.time.LocalDate.parse("2026-11-23");
    assertThat(new JdbcStore().lookupTable(d, CONNECTION, "t", day).ddl())
        .contains("'table-name' = 'accounts__asof_20261123'");
    assertThat(new JdbcStore().lookupTable(d, CONNECTION, "t", null).ddl())
        .contains("'table-name' = 'accounts__current'");
    assertThat(new JdbcStore().asOfUnsupportedReason()).isNull();
    // The version in force at the end of the day: valid from before the next day, newest per key.
    assertThat(
            JdbcDimensionWriter.createAsOfView(
                d, "valid_from", JdbcStore.asOfView(d, day), day.plusDays(1)))
        .isEqualTo(
            "CREATE OR REPLACE VIEW `accounts__asof_20261123` AS SELECT t.* FROM `accounts` t WHERE t.`valid_from` = (SELECT MAX(h.`valid_from`)"
                + " FROM `accounts` h WHERE h.`account_id` = t.`account_id` AND h.`valid_from` < '2026-11-24')");
  }

  @Test
  void anUnversionedDimensionAsOfADayIsItsTable() {
    DimensionDef d = accounts(Map.of(), null);
    assertThat(
            new JdbcStore()
                .lookupTable(d, CONNECTION, "t", java.time.LocalDate.parse("2026-11-23"))
                .ddl())
        .contains("'table-name' = 'accounts'");
  }

  @Test
  void mysqlUrlsUseTheMariaDbDriverWithItsMysqlSchemeFlag() {
    ConnectionDef mysql =
        new ConnectionDef(
            "m", "jdbc", Map.of("url", "jdbc:mysql://h:3306/db?useSSL=false"), Set.of(), null);
    assertThat(JdbcStore.driverUrl(mysql, 0))
        .isEqualTo("jdbc:mysql://h:3306/db?useSSL=false&permitMysqlScheme");
    assertThat(JdbcDimensionWriter.databaseOf("jdbc:mariadb://h:1/refdata?x=1"))
        .isEqualTo("refdata");
    assertThat(new MariaDbDialectFactory().acceptsURL("jdbc:mariadb://h/db")).isTrue();
    assertThat(new MariaDbDialectFactory().acceptsURL("jdbc:mysql://h/db")).isFalse();
  }
}
