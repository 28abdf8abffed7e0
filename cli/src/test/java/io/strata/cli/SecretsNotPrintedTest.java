package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection passwords are never printed. Setting an environment variable in-process is not
 * possible, so the configs here hold literal passwords, the worst case.
 */
class SecretsNotPrintedTest {
  private static final String KAFKA_SECRET = "hunter2-secret";
  private static final String JDBC_SECRET = "jdbc-hunter2-secret";

  @TempDir Path dir;
  Path config;

  @BeforeEach
  void writeTradingConfigWithLiteralPasswords() throws IOException {
    Path trading = CliRun.TRADING.getParent();
    String text =
        Files.readString(trading.resolve("pipeline.conf")).replace("include \"tests.conf\"", "");
    String kafka = "bootstrap-servers = ${?STRATA_KAFKA_BOOTSTRAP}";
    String jdbc = "password = ${?STRATA_REFDATA_PASSWORD}";
    assertThat(text).contains(kafka, jdbc);
    text =
        text.replace(
                kafka,
                kafka
                    + "\n    security-protocol = SASL_SSL\n    sasl-mechanism = PLAIN\n    username = strata\n    password = \""
                    + KAFKA_SECRET
                    + "\"")
            .replace(jdbc, "password = \"" + JDBC_SECRET + "\"");
    Files.createDirectories(dir.resolve("schemas"));
    Files.copy(trading.resolve("schemas/trade.avsc"), dir.resolve("schemas/trade.avsc"));
    config = dir.resolve("pipeline.conf");
    Files.writeString(config, text);
  }

  private static void assertNoSecret(CliRun.Result r) {
    assertThat(
            r.all()
                .lines()
                .filter(l -> l.contains(KAFKA_SECRET) || l.contains(JDBC_SECRET))
                .toList())
        .as("printed lines that hold a password")
        .isEmpty();
  }

  @Test
  void validateDoesNotPrintPasswords() {
    CliRun.Result r = CliRun.run("validate", config.toString());
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertNoSecret(r);
  }

  @Test
  void planDoesNotPrintPasswords() {
    CliRun.Result r = CliRun.run("plan", config.toString());
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("layer graph", "dws.symbol_minute");
    assertNoSecret(r);
  }

  /** explain prints the generated sink DDL, whose Kafka options carry sasl.jaas.config. */
  @Test
  void explainDoesNotPrintPasswords() {
    CliRun.Result r = CliRun.run("explain", config.toString());
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("CREATE TEMPORARY TABLE", "'properties.sasl.mechanism' = 'PLAIN'");
    assertNoSecret(r);
  }

  @Test
  void problemsAboutAConnectionDoNotEchoItsPassword() throws IOException {
    Files.writeString(
        config,
        Files.readString(config)
            .replace(
                "sasl-mechanism = PLAIN",
                "sasl-mechanism = PLAIN\n    pasword = \"" + KAFKA_SECRET + "\""));
    CliRun.Result r = CliRun.run("validate", config.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .contains("unknown key 'pasword' in 'connections.kafka'", "did you mean 'password'?");
    assertNoSecret(r);
  }
}
