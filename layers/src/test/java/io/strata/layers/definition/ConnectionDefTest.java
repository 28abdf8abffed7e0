package io.strata.layers.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.layers.config.Origin;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionDefTest {

  private static final String SECRET = "hunter2-secret";

  private static ConnectionDef kafka() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("bootstrap-servers", "127.0.0.1:19092");
    options.put("username", "strata");
    options.put("password", SECRET);
    return new ConnectionDef(
        "kafka", "kafka", options, Set.of("password"), new Origin("pipeline.conf", 3));
  }

  @Test
  void redactedOptionsHideSecretsAndKeepTheRest() {
    ConnectionDef c = kafka();
    assertThat(c.redactedOptions())
        .containsExactly(
            Map.entry("bootstrap-servers", "127.0.0.1:19092"),
            Map.entry("username", "strata"),
            Map.entry("password", "******"));
    assertThat(c.redactedOptions().toString()).doesNotContain(SECRET);
    // the real value stays available to the connector
    assertThat(c.option("password")).isEqualTo(SECRET);
  }

  @Test
  void redactedOptionsWithoutSecretsAreTheOptions() {
    ConnectionDef c =
        new ConnectionDef(
            "k", "kafka", Map.of("bootstrap-servers", "b:9092"), Set.of(), Origin.UNKNOWN);
    assertThat(c.redactedOptions()).isEqualTo(Map.of("bootstrap-servers", "b:9092"));
  }

  @Test
  void aSecretKeyThatIsNotSetIsNotInvented() {
    ConnectionDef c =
        new ConnectionDef(
            "k", "jdbc", Map.of("url", "jdbc:mariadb://h/db"), Set.of("password"), Origin.UNKNOWN);
    assertThat(c.redactedOptions()).containsOnlyKeys("url");
  }

  /**
   * A record's generated toString prints every component, so logging or an exception message that
   * includes a ConnectionDef (or the PipelineDef holding it) prints the password.
   */
  @Test
  void toStringDoesNotRevealSecrets() {
    assertThat(kafka().toString()).doesNotContain(SECRET);
  }
}
