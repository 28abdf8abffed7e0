package io.strata.tests.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Strata's Doris protocol emulator (not Apache Doris), as started by {@code bin/services start
 * doris-emulator}: its FE/BE address from STRATA_DORIS_FENODES (set by bin/test) or the service's
 * endpoint file; started through bin/services if it does not answer. Its committed rows are read
 * from MariaDB ({@link MariaDbService}).
 */
public final class DorisEmulatorService {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static String feNodes;

  /** A transaction as the emulator's inspection endpoint reports it. */
  public record Txn(
      long id, String table, String label, String status, long loadedRows, String reason) {}

  private DorisEmulatorService() {}

  /** {@code host:port} for the connector's {@code fenodes}. */
  public static synchronized String feNodes() {
    if (feNodes == null) {
      String fromEnv = System.getenv("STRATA_DORIS_FENODES");
      if (fromEnv != null && !fromEnv.isBlank()) {
        if (!answers(fromEnv.trim())) {
          throw new IllegalStateException(
              "STRATA_DORIS_FENODES=" + fromEnv + " but no Doris emulator answers there");
        }
        feNodes = fromEnv.trim();
      } else {
        Path repo =
            MariaDbService.repoRoot()
                .orElseThrow(() -> new IllegalStateException("no bin/services found"));
        Path endpoint = MariaDbService.stateDir(repo).resolve("doris-emulator").resolve("endpoint");
        Optional<String> running =
            MariaDbService.read(endpoint).filter(DorisEmulatorService::answers);
        if (running.isEmpty()) {
          MariaDbService.runServices(repo, "doris-emulator");
        }
        feNodes =
            MariaDbService.read(endpoint)
                .orElseThrow(() -> new IllegalStateException("doris-emulator wrote no endpoint"));
      }
    }
    return feNodes;
  }

  /** The transactions of a Doris database, oldest first (the emulator's inspection endpoint). */
  public static List<Txn> transactions(String db) throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(
                URI.create("http://" + feNodes() + "/api/_emulator/transactions?db=" + db))
            .header("Authorization", "Basic cm9vdDo=")
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    JsonNode body = JSON.readTree(HTTP.send(req, HttpResponse.BodyHandlers.ofString()).body());
    List<Txn> out = new ArrayList<>();
    for (JsonNode t : body.path("data")) {
      out.add(
          new Txn(
              t.path("TxnId").asLong(),
              t.path("Table").asText(),
              t.path("Label").asText(),
              t.path("TransactionStatus").asText(),
              t.path("LoadedRows").asLong(),
              t.path("Reason").asText()));
    }
    return out;
  }

  private static boolean answers(String hostPort) {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create("http://" + hostPort + "/"))
              .timeout(Duration.ofSeconds(3))
              .GET()
              .build();
      return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() < 500;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
